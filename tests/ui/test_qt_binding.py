"""The Qt binding must not leak or drop references on plain calls (it did in PySide6 6.12.0)."""

from __future__ import annotations

import sys

from PySide6.QtGui import QFont


def test_void_calls_keep_none_refcount(qapp):
    # PySide6 6.12.0 on Python 3.11 decremented None on every void method call, so the
    # window aborted ("deallocating None") after a few thousand paint calls.
    font = QFont()
    before = sys.getrefcount(None)
    for _ in range(2000):
        font.setPixelSize(14)
    assert abs(sys.getrefcount(None) - before) < 50
