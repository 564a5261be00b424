"""The leaked-widget check of tests/ui/conftest.py finds what outlives a test, and only that."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QDialog, QWidget
from widget_leaks import leaked_widgets


def test_a_kept_window_is_a_leak_until_it_is_deleted(qapp: QApplication) -> None:
    before = set(QApplication.topLevelWidgets())
    kept = QWidget()
    kept.setObjectName("kept")
    child = QWidget(kept)
    assert leaked_widgets(before) == [kept]  # the child goes with its window: not a leak
    del child
    kept.deleteLater()
    del kept
    assert leaked_widgets(before) == []


def test_a_window_owned_only_by_python_is_no_leak_once_unreferenced(qapp: QApplication) -> None:
    before = set(QApplication.topLevelWidgets())
    dialog = QDialog()
    dialog.show()
    dialog.close()
    del dialog
    assert leaked_widgets(before) == []
