"""Run every benchmark (benchmarks/bench_*.py) and write benchmarks/REPORT.md + results.json.

Usage: .venv/bin/python benchmarks/run.py [--quick] [--only transport,gradio,...]
Each module exposes ``run(quick: bool) -> {"title", "markdown", "data"}``. Servers bind 127.0.0.1.
"""

from __future__ import annotations

import argparse
import importlib
import json
import platform
import subprocess
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))


def machine() -> str:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import os

    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores ({cpu}), CPython {platform.python_version()}"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer iterations (smoke run)")
    parser.add_argument("--only", default="", help="comma-separated benchmark names")
    args = parser.parse_args()
    names = sorted(p.stem.removeprefix("bench_") for p in HERE.glob("bench_*.py"))
    if args.only:
        names = [n for n in names if n in args.only.split(",")]
    sections, results = [], {}
    for name in names:
        print(f"== {name}", flush=True)
        started = time.monotonic()
        try:
            out = importlib.import_module(f"benchmarks.bench_{name}").run(quick=args.quick)
        except Exception:  # a broken benchmark is reported, not hidden
            out = {"title": name, "markdown": "FAILED:\n\n```\n" + traceback.format_exc() + "```\n", "data": {}}
        out["seconds"] = round(time.monotonic() - started, 1)
        results[name] = out
        sections.append(f"## {out['title']}\n\n{out['markdown']}\n\n_(ran in {out['seconds']} s)_\n")
        print(out["markdown"], flush=True)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT).stdout.strip()
    header = (
        "# Benchmark report\n\n"
        f"Produced by `.venv/bin/python benchmarks/run.py{' --quick' if args.quick else ''}` (or `make bench`) "
        f"on {time.strftime('%Y-%m-%d')}, commit `{commit}`.\n\nMachine: {machine()}. All servers on 127.0.0.1; "
        "figures are medians unless stated; a 2-core VM is noisy (expect ±20 %).\n\n"
    )
    if not args.only:
        (HERE / "REPORT.md").write_text(header + "\n".join(sections))
        (HERE / "results.json").write_text(json.dumps(results, indent=1, default=str))
    else:
        print("(--only: REPORT.md not rewritten)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
