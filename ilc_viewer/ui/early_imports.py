"""Import the core the window needs before PySide6, for a quicker start.

Once PySide6 is imported it hooks ``import`` and inspects every module imported after it
(reading its source file) for its ``__feature__`` switches: about 40 ms of start-up for the
few hundred modules of numpy, pydicom and our core. Importing them first costs nothing else.
Nothing here imports Qt.
"""

from __future__ import annotations

import importlib

#: The core modules the window imports (with numpy and pydicom), in no particular order.
CORE_MODULES = (
    "ilc_viewer.dicom.index",
    "ilc_viewer.study.pixels",
    "ilc_viewer.display",
    "ilc_viewer.study.sequences",
    "ilc_viewer.open_study.opened",
    "ilc_viewer.annotations.session",
    "ilc_viewer.scene.panel",
    "ilc_viewer.words.overlay_text",
    "ilc_viewer.storage.user_data",
    "ilc_viewer.storage.resources",
)


def import_core_before_qt() -> None:
    """Import :data:`CORE_MODULES` (before PySide6, when it is not imported yet).

    With PySide6 already in (a test run), importing the core now changes nothing but the order.
    """
    for name in CORE_MODULES:
        importlib.import_module(name)
