"""Where the program keeps its own files (saved annotations, the clinic's phrases), without Qt.

The headless export and the window must agree on this folder, so the core decides it: the
environment variable ``ILC_VIEWER_DATA_DIR`` if set (tests and portable installs), else the
platform's usual place for application data:

- Linux and other Unix: ``$XDG_DATA_HOME/ILC Viewer`` (``~/.local/share/ILC Viewer``)
- Windows: ``%APPDATA%\\ILC Viewer``
- macOS: ``~/Library/Application Support/ILC Viewer``

Nothing here creates the folder: reading code must work when it does not exist yet.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ENV_VAR = "ILC_VIEWER_DATA_DIR"
APP_FOLDER = "ILC Viewer"


def data_dir() -> Path:
    """The folder of the program's own data (may not exist yet)."""
    override = os.environ.get(ENV_VAR, "").strip()
    if override:
        return Path(override).expanduser()
    home = Path.home()
    if sys.platform.startswith("win"):
        base = os.environ.get("APPDATA", "").strip()
        return (Path(base) if base else home / "AppData" / "Roaming") / APP_FOLDER
    if sys.platform == "darwin":
        return home / "Library" / "Application Support" / APP_FOLDER
    xdg = os.environ.get("XDG_DATA_HOME", "").strip()
    # XDG says a relative XDG_DATA_HOME is invalid and must be ignored
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else home / ".local" / "share"
    return base / APP_FOLDER


def annotations_dir() -> Path:
    """The folder of the per-study annotation files (see :mod:`ilc_viewer.annotations.store`)."""
    return data_dir() / "annotations"


def phrases_file() -> Path:
    """The clinic's own phrase file, merged over the built-in library when it exists."""
    return data_dir() / "phrases.json"


def remove_stale_temporary_files() -> list[Path]:
    """Delete what killed saves left in the data folder (run at start); return the files.

    Only temporary files of :func:`~ilc_viewer.storage.atomic_file.write_atomic` that no save
    can still be writing are removed; the annotation and phrase files are never touched.
    """
    from ilc_viewer.storage.atomic_file import remove_stale_temporary_files as remove

    return [*remove(data_dir()), *remove(annotations_dir())]
