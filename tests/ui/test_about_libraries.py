"""Help > About names every library the program ships with, and its licence."""

from __future__ import annotations

import re
from importlib import metadata

from ilc_viewer.ui.help import LIBRARIES, library_rows


def _name(requirement: str) -> str:
    return re.split(r"[ <>=!~;\[]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def test_every_runtime_dependency_is_listed_with_its_licence() -> None:
    requirements = metadata.requires("ilc-viewer") or []
    runtime = {_name(r) for r in requirements if "extra ==" not in r}
    listed = {distribution.lower() for distribution, _, _ in LIBRARIES}
    assert runtime and runtime <= listed, sorted(runtime - listed)
    assert all(version != "-" for _, version, _ in library_rows())  # all installed
