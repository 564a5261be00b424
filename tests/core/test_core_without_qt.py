"""The core runs without Qt: the one runtime check behind the lint rule.

ruff's banned-api rule (pyproject.toml) forbids importing PySide6 or ``ilc_viewer.ui`` outside
``ilc_viewer/ui`` and ``tests/ui``. This test checks the same boundary at run time, where the
lint cannot see (imports by name, libraries that pull Qt in): every core module is imported and
the headless commands are run in a fresh interpreter without a display, and neither PySide6 nor
the window code may be loaded.
"""

from __future__ import annotations

import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import ilc_viewer
from ilc_viewer.storage.resources import default_sample_study

ROOT = Path(__file__).resolve().parents[2]


def core_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(ilc_viewer.__path__, prefix="ilc_viewer."):
        if info.name == "ilc_viewer.ui" or info.name.startswith("ilc_viewer.ui."):
            continue
        if info.name == "ilc_viewer.__main__":
            continue  # running it would start the program
        names.append(info.name)
    return names


def test_core_imports_and_headless_commands_never_load_qt(tmp_path: Path) -> None:
    modules = core_modules()
    assert "ilc_viewer.dicom.index" in modules and "ilc_viewer.export.handout" in modules
    study, out = str(default_sample_study()), str(tmp_path / "h.pdf")
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "from ilc_viewer.cli import main\n"
        f"assert main(['info', {study!r}]) == 0\n"
        f"assert main(['export', {study!r}, '--out', {out!r}]) == 0\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'ilc_viewer.ui')))\n"
        "print(','.join(bad), file=sys.stderr)\n"
    )
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update(PYTHONPATH=str(ROOT), ILC_VIEWER_DATA_DIR=str(tmp_path / "data"))
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "", f"core pulled in: {result.stderr.strip()}"
    assert Path(out).read_bytes().startswith(b"%PDF")
