"""The Debian/Ubuntu packages a Linux PC needs for the bundle: ``machine_packages.py DIR``.

The bundle carries Python, Qt and every Python library, but takes the desktop's own libraries
from the machine (packaging/bundle_rules.py says which and why). This lists them: every
shared library that a file of the bundle ``DIR`` (e.g. ``dist/ilc-viewer``) loads and that is
not in the bundle, found with ``ldd`` and named by the package that ships it (``dpkg -S``;
for a library missing here, the package its name gives, as ``ilc_viewer/window_check.py``
names it). The C library and the dynamic loader are left out: every system has them. The
first line is the ``apt-get install`` of the packages the bundle links to directly (marked
``*`` in the list); apt brings their own dependencies.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from ilc_viewer.window_check import debian_package

#: Always there (package libc6): not worth listing.
BASE = re.compile(r"(libc|libm|libdl|libpthread|librt|libutil|ld-linux[-\w]*)\.so.*")


def elf_files(folder: Path) -> list[Path]:
    """The shared libraries and executables of the bundle."""
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as file:
                if file.read(4) == b"\x7fELF":
                    found.append(path)
    return found


def machine_libraries(folder: Path) -> dict[str, str | None]:
    """Library file name -> its path on this machine (None: not installed here)."""
    inside = {str(p.parent) for p in elf_files(folder)}
    env = dict(os.environ, LD_LIBRARY_PATH=":".join(sorted(inside)))
    found: dict[str, str | None] = {}
    for path in elf_files(folder):
        result = subprocess.run(["ldd", str(path)], capture_output=True, text=True, env=env)
        for line in result.stdout.splitlines():
            match = re.match(r"\s*(\S+) => (not found|(\S+))", line)
            if not match or BASE.fullmatch(match.group(1)):
                continue
            name, where = match.group(1), match.group(3)
            if where and Path(where).resolve().is_relative_to(folder.resolve()):
                continue
            if where or name not in found:
                found[name] = where
    return found


def needed_directly(folder: Path) -> set[str]:
    """The libraries the bundle's files link to (``DT_NEEDED``) that the bundle lacks."""
    files = elf_files(folder)
    present = {p.name for p in folder.rglob("*")}
    wanted: set[str] = set()
    for path in files:
        dynamic = subprocess.run(["readelf", "-d", "-W", str(path)], capture_output=True,
                                 text=True).stdout
        wanted.update(re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", dynamic))
    return {name for name in wanted - present if not BASE.fullmatch(name)}


def package_of(path: str) -> str:
    """The Debian package that installed ``path``."""
    for candidate in (path, str(Path(path).resolve())):
        result = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
        if result.returncode == 0:
            return result.stdout.split(":", 1)[0]
    return "?"


def main() -> None:
    """Print the packages to install (those the bundle links to directly; apt brings the
    rest), then every package with the libraries it gives, those missing here marked."""
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "dist/ilc-viewer")
    libraries = machine_libraries(folder)
    direct = needed_directly(folder)
    packages: dict[str, list[str]] = {}
    for name, where in sorted(libraries.items()):
        package = package_of(where) if where else debian_package(name)
        packages.setdefault(package, []).append(name + ("" if where else " (missing here)"))
    first = sorted({package for package, names in packages.items()
                    if any(name.split()[0] in direct for name in names)})
    print("apt-get install " + " ".join(first))
    print()
    for package, names in sorted(packages.items()):
        mark = "*" if package in first else " "
        print(f"{mark} {package:28} {', '.join(names)}")


if __name__ == "__main__":
    main()
