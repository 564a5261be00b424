"""Finding top-level widgets that outlived a test (used by the check in conftest.py)."""

from __future__ import annotations

import gc

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QWidget


def leaked_widgets(before: set[QWidget]) -> list[QWidget]:
    """Top-level widgets alive now that were not in ``before``, once pending deletions ran."""
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()  # widgets owned by Python only go with their last reference
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return [w for w in QApplication.topLevelWidgets() if w not in before]
