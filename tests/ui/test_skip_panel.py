"""The skipped-files list shows each file's whole name beside its reason."""

from __future__ import annotations

from ilc_viewer.study.model import SkippedFile
from ilc_viewer.ui.screen import BASE_POINTS
from ilc_viewer.ui.skip_panel import SkipPanel


def test_file_names_are_not_cut_by_their_column(qtbot) -> None:
    panel = SkipPanel()
    qtbot.addWidget(panel)
    font = panel.font()
    font.setPointSizeF(BASE_POINTS * 1.25)  # the window's large text on a big screen
    panel.setFont(font)
    panel.resize(320, 400)
    names = ["zero.dcm", "cut_header.dcm", "IM_0001_from_the_scanner_ab.dcm"]
    panel.set_skipped([SkippedFile(f"/media/cd/{name}", "empty file (0 bytes)")
                       for name in names])
    metrics = panel.fontMetrics()
    widest = max(metrics.horizontalAdvance(name) for name in names[:2])
    assert panel.columnWidth(0) >= widest  # the usual names whole
    # a very long name does not take the reasons' room: at most about half the list
    assert panel.columnWidth(0) <= panel.width() // 2 + 1
