"""Assemble web/vendor/pyodide/: an offline Pyodide distribution that can install lite_client.

It holds the Pyodide core (from the npm package in node_modules/, installed by `npm ci`), the
wheels pinned in scripts/pyodide-requirements.lock (downloaded from PyPI with --require-hashes),
the freshly built lite_client wheel, and a pyodide-lock.json that lists *only* those local
packages. With it, `loadPyodide({indexURL})` then `pyodide.loadPackage(["lite-client"])` or
`micropip.install("lite-client")` never touch the network.

Usage: python scripts/vendor_pyodide.py [--out web/vendor/pyodide] [--skip-wheel-build]
"""

from __future__ import annotations

import argparse
import email.parser
import hashlib
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
CORE_FILES = ("pyodide.js", "pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip",
              "package.json", "pyodide.d.ts", "ffi.d.ts")
PLATFORM = "pyemscripten_2026_0_wasm32"


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def pyodide_marker_env(info: dict[str, str]) -> dict[str, str]:
    env = dict(default_environment())
    env.update(sys_platform="emscripten", platform_system="Emscripten", platform_machine="wasm32",
               os_name="posix", implementation_name="cpython", platform_python_implementation="CPython",
               python_version=".".join(info["python"].split(".")[:2]), python_full_version=info["python"],
               implementation_version=info["python"])
    return env


def wheel_entry(path: Path, env: dict[str, str]) -> tuple[str, dict[str, object]]:
    with zipfile.ZipFile(path) as zf:
        meta_name = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
        meta = email.parser.Parser().parsestr(zf.read(meta_name).decode())
        tops = {n.split("/")[0] for n in zf.namelist() if not n.split("/")[0].endswith((".dist-info", ".data"))}
    imports = sorted(t[:-3] if t.endswith(".py") else t for t in tops if not t.endswith((".pth", ".so")))
    depends = []
    for spec in meta.get_all("Requires-Dist") or []:
        req = Requirement(spec)
        if req.marker is None or req.marker.evaluate({**env, "extra": ""}):
            depends.append(canonicalize_name(req.name))
    name = canonicalize_name(meta["Name"])
    return name, {
        "name": meta["Name"], "version": meta["Version"], "file_name": path.name, "install_dir": "site",
        "sha256": sha256(path), "package_type": "package", "imports": imports,
        "depends": sorted(set(depends)), "unvendored_tests": False, "tool": {},
    }


def build_lite_client_wheel(dest: Path) -> Path:
    for old in dest.glob("lite_client-*.whl"):
        old.unlink()
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(dest), str(ROOT)], check=True)
    return next(dest.glob("lite_client-*.whl"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "web" / "vendor" / "pyodide")
    parser.add_argument("--skip-wheel-build", action="store_true", help="reuse build/wheel/lite_client-*.whl")
    args = parser.parse_args()
    npm_dir = ROOT / "node_modules" / "pyodide"
    if not (npm_dir / "pyodide.asm.wasm").exists():
        sys.exit("node_modules/pyodide is missing: run `npm ci --ignore-scripts` first")
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    for name in CORE_FILES:
        src = npm_dir / name
        if src.exists() and (not (out / name).exists() or sha256(src) != sha256(out / name)):
            shutil.copy2(src, out / name)
    upstream = json.loads((npm_dir / "pyodide-lock.json").read_text())

    cache = ROOT / ".cache" / "pyodide-wheels"
    cache.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--require-hashes",
                    "--only-binary=:all:", "--platform", PLATFORM, "--platform", "any",
                    "--python-version", upstream["info"]["python"].rsplit(".", 1)[0].replace(".", ""),
                    "--implementation", "cp", "--abi", "cp314", "--abi", "none",
                    "-d", str(cache), "-r", str(ROOT / "scripts" / "pyodide-requirements.lock")], check=True)
    locked = {}
    for line in (ROOT / "scripts" / "pyodide-requirements.lock").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            req, _, digest = line.partition(" --hash=sha256:")
            locked[digest.strip()] = req
    wheels = []
    for whl in cache.glob("*.whl"):
        if sha256(whl) in locked:
            wheels.append(whl)
    if len(wheels) != len(locked):
        sys.exit(f"expected {len(locked)} locked wheels in {cache}, found {len(wheels)}")

    wheel_dir = ROOT / "build" / "wheel"
    wheel_dir.mkdir(parents=True, exist_ok=True)
    if args.skip_wheel_build and list(wheel_dir.glob("lite_client-*.whl")):
        ours = next(wheel_dir.glob("lite_client-*.whl"))
    else:
        ours = build_lite_client_wheel(wheel_dir)
    wheels.append(ours)

    for old in out.glob("*.whl"):
        old.unlink()
    env = pyodide_marker_env(upstream["info"])
    packages: dict[str, object] = {}
    for whl in wheels:
        shutil.copy2(whl, out / whl.name)
        key, entry = wheel_entry(out / whl.name, env)
        packages[key] = entry
    missing = {d for e in packages.values() for d in e["depends"]} - set(packages)  # type: ignore[index, union-attr]
    if missing:
        sys.exit(f"pyodide-lock.json would have unresolved dependencies: {sorted(missing)}")
    lock = {"info": upstream["info"], "packages": dict(sorted(packages.items())), "tool": upstream.get("tool", {})}
    (out / "pyodide-lock.json").write_text(json.dumps(lock, indent=1))
    size = sum(f.stat().st_size for f in out.iterdir())
    print(f"web/vendor/pyodide: {len(packages)} packages ({ours.name}), {size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
