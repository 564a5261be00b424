"""The phrase list reads whole (wrapped, never cut) and its explanation reads clearly."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt

from ilc_viewer.scene.contrast import contrast
from ilc_viewer.ui.annotation_controller import AnnotationController
from ilc_viewer.ui.annotation_panel import AnnotationPanel


def _panel(qtbot, width: int = 220) -> AnnotationPanel:  # type: ignore[no-untyped-def]
    panel = AnnotationPanel(AnnotationController())
    qtbot.addWidget(panel)
    panel.resize(width, 700)
    panel.show()
    panel.show_phrases()
    panel.phrases.expandAll()
    qtbot.waitExposed(panel)
    return panel


def _leaves(panel: AnnotationPanel) -> list:  # type: ignore[type-arg]
    tree = panel.phrases
    return [tree.topLevelItem(g).child(c) for g in range(tree.topLevelItemCount())
            for c in range(tree.topLevelItem(g).childCount())]


def test_a_long_phrase_name_wraps_onto_more_lines_instead_of_being_cut(qtbot) -> None:
    panel = _panel(qtbot)
    tree = panel.phrases
    assert tree.textElideMode() == Qt.TextElideMode.ElideNone
    longest = max(_leaves(panel), key=lambda item: len(item.text(0)))
    line = tree.fontMetrics().height()
    room = tree.columnWidth(0) - 2 * tree.indentation()
    assert tree.fontMetrics().horizontalAdvance(longest.text(0)) > room  # too long for a line
    assert tree.visualItemRect(longest).height() >= 2 * line  # so it takes two
    panel.resize(900, 700)  # wider: one line again
    qtbot.waitUntil(lambda: tree.visualItemRect(longest).height() < 2 * line)


def test_the_phrase_explanation_has_aa_contrast(qtbot) -> None:
    panel = _panel(qtbot, 320)
    panel.phrases.setCurrentItem(_leaves(panel)[0])
    assert panel.explanation.text()
    image = panel.explanation.grab().toImage()
    pixels = np.array([[image.pixelColor(x, y).getRgb()[:3] for x in range(image.width())]
                       for y in range(0, image.height(), 2)], dtype=float)
    ground = tuple(np.median(pixels.reshape(-1, 3), axis=0))
    darkest_gap = max(contrast(tuple(p), ground) for p in pixels.reshape(-1, 3))
    assert darkest_gap >= 4.5
