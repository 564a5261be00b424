"""The core never imports Qt: import every core module in a fresh interpreter and check."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import ilc_viewer


def core_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(ilc_viewer.__path__, prefix="ilc_viewer."):
        if info.name == "ilc_viewer.ui" or info.name.startswith("ilc_viewer.ui."):
            continue
        if info.name == "ilc_viewer.__main__":
            continue  # running it would start the program
        names.append(info.name)
    return names


def test_core_imports_without_pyside6() -> None:
    modules = core_modules()
    assert "ilc_viewer.dicom.index" in modules and "ilc_viewer.study.pixels" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'ilc_viewer.ui')))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"core pulled in: {result.stdout.strip()}"
