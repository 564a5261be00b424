"""CI: the installed wheel works on its own, run from a folder outside the repository.

``.ci/run`` builds the wheel, installs it (not editable) into a fresh virtual environment and
runs this file with that environment's Python from a temporary folder. It checks that the
bundled sample study comes from the installed package, that ``ilc-viewer info --json`` lists
it with its T1/T2/STIR triple and no skipped file, and that ``ilc-viewer export --out x.png``
and ``x.pdf`` work.
"""

from __future__ import annotations

import json
import subprocess
import sys
import sysconfig
from pathlib import Path

SCRIPT = Path(sys.executable).parent / "ilc-viewer"


def ilc_viewer(*args: str) -> str:
    """Run the installed ``ilc-viewer``; its standard output, or exit with its error."""
    result = subprocess.run([str(SCRIPT), *args], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"ilc-viewer {' '.join(args)} failed ({result.returncode}): {result.stderr}")
    return result.stdout


def main() -> None:
    """Check the installed package; exit non-zero with the reason on the first failure."""
    from ilc_viewer.storage.resources import default_sample_study, resource_file

    installed = Path(sysconfig.get_paths()["purelib"]).resolve()
    for path in (default_sample_study(), resource_file("phrases.json")):
        if not path.resolve().is_relative_to(installed) or not path.exists():
            sys.exit(f"{path}: bundled data not found inside the installed package {installed}")
    report = json.loads(ilc_viewer("info", "--json"))
    labels = {s["series_uid"]: s["sequence"] for st in report["studies"] for s in st["series"]}
    triple = report["triple"]
    if sorted(triple) != ["STIR", "T1", "T2"] or any(labels.get(triple[k]) != k for k in triple):
        sys.exit(f"info --json: the T1/T2/STIR triple is not the sample's: {triple}")
    if report["skipped"]:
        sys.exit(f"info --json: the sample's own files reported as skipped: {report['skipped']}")
    for name, magic in (("x.png", b"\x89PNG"), ("x.pdf", b"%PDF")):
        ilc_viewer("export", "--out", name)
        if not Path(name).read_bytes().startswith(magic):
            sys.exit(f"export --out {name}: not a {name[2:].upper()} file")
    print(f"installed wheel: info and export work from {Path.cwd()}")


if __name__ == "__main__":
    main()
