"""Download the files a vendor list names (npm packages pinned by version and integrity) into
the git-ignored folder beside it: the fonts of templates/fonts/vendor.yaml into
templates/fonts/vendor/, the browser tests' axe-core of tests/vendor.yaml into tests/_vendor/
(a list's ``into:`` names its folder, default ``vendor``).

Each npm package is fetched once into a download cache (~/.cache/handouts/npm, or
$XDG_CACHE_HOME/handouts/npm), checked against the integrity the registry publishes, and only
the listed files are extracted, each checked against its sha256. Files already in place with the
right sha256 are left alone, so running it again costs nothing.

    python3 scripts/fetch_vendor.py [LIST.yaml ...] [--registry URL]
    (no list: templates/fonts/vendor.yaml)
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import os
import sys
import tarfile
import tempfile
import urllib.request
from pathlib import Path
from typing import Any

import yaml

REGISTRY = "https://registry.npmjs.org"


def read_list(path: Path) -> tuple[Path, list[dict[str, Any]]]:
    """The folder a vendor list fills (``into:``, beside the list) and the packages it lists."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return path.parent / str(data.get("into", "vendor")), list(data["packages"])


def cache_folder() -> Path:
    """Where downloaded packages are kept between runs and clones."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "handouts" / "npm"


def integrity_ok(data: bytes, integrity: str) -> bool:
    """Whether ``data`` matches an npm integrity string (sha512-<base64>)."""
    algorithm, _, digest = integrity.partition("-")
    return base64.b64encode(hashlib.new(algorithm, data).digest()).decode() == digest


def tarball(package: dict[str, Any], registry: str) -> Path:
    """The package's tarball in the download cache, fetched when missing or corrupt."""
    name, version = str(package["package"]), str(package["version"])
    short = name.rsplit("/", 1)[-1]
    folder = cache_folder()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{short}-{version}.tgz"
    if path.exists() and integrity_ok(path.read_bytes(), str(package["integrity"])):
        return path
    url = f"{registry}/{name}/-/{short}-{version}.tgz"
    print(f"setup: downloading {name}@{version} (once)", file=sys.stderr)
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            data = response.read()
    except OSError as exc:
        raise SystemExit(
            f"setup: cannot download {url} ({exc}); check the network and run again"
        ) from None
    if not integrity_ok(data, str(package["integrity"])):
        raise SystemExit(f"setup: {url} does not match its pinned integrity; refusing to use it")
    with tempfile.NamedTemporaryFile(dir=folder, delete=False) as handle:
        handle.write(data)
    Path(handle.name).replace(path)
    return path


def install(package: dict[str, Any], target: Path, registry: str) -> None:
    """Extract the package's listed files into ``target``, each checked against its sha256."""
    files: dict[str, dict[str, str]] = package["files"]
    missing = {
        name: spec
        for name, spec in files.items()
        if not (target / name).is_file()
        or hashlib.sha256((target / name).read_bytes()).hexdigest() != spec["sha256"]
    }
    if not missing:
        return
    with tarfile.open(tarball(package, registry), "r:gz") as archive:
        for name, spec in missing.items():
            member = archive.extractfile(spec["from"])
            if member is None:
                raise SystemExit(f"setup: {package['package']} has no file {spec['from']}")
            data = member.read()
            if hashlib.sha256(data).hexdigest() != spec["sha256"]:
                raise SystemExit(f"setup: {spec['from']} does not match its pinned sha256")
            (target / f".{name}.tmp").write_bytes(data)
            (target / f".{name}.tmp").replace(target / name)


def main() -> None:
    """Fetch every file of every list given."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    project = Path(__file__).resolve().parent.parent
    parser.add_argument(
        "lists", nargs="*", type=Path, default=[project / "templates" / "fonts" / "vendor.yaml"]
    )
    parser.add_argument("--registry", default=os.environ.get("NPM_REGISTRY", REGISTRY))
    args = parser.parse_args()
    for listed in args.lists:
        target, packages = read_list(listed)
        target.mkdir(exist_ok=True)
        for package in packages:
            install(package, target, args.registry.rstrip("/"))


if __name__ == "__main__":
    main()
