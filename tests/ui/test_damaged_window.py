"""Issue 18 in the window: a damaged slice is hatched with its sentence and the series list
says how many images of the series are damaged (English and Japanese)."""

from __future__ import annotations

from pathlib import Path

import dicom_study
from dicom_study import open_and_wait

from ilc_viewer.ui.series_browser import DAMAGED_COLOUR


def _damage(path: Path) -> None:
    """Bytes inserted into the pixel data: found when the header is read."""
    data = path.read_bytes()
    path.write_bytes(data[:-200] + b"\x01\x02\x03" + data[-200:])


def test_damaged_slice_is_marked_and_counted(qtbot, window, tmp_path):
    folder = dicom_study.write_study(tmp_path / "study")
    t2 = sorted(folder.glob("T2_*.dcm"))
    for path in t2[:2]:
        _damage(path)
    open_and_wait(qtbot, window, folder)
    row = next(k for k in range(window.browser.count())
               if "T2" in window.browser.item(k).text())
    item = window.browser.item(row)
    assert "13 images, 2 damaged" in item.text()
    assert item.foreground().color() == DAMAGED_COLOUR
    others = [window.browser.item(k) for k in range(window.browser.count()) if k != row]
    assert all("damaged" not in other.text() for other in others)
    # show a damaged slice: the panel is hatched and says why, no picture
    pane = next(p for p, state in enumerate(window.state.panes) if state.sequence == "T2")
    series = window.state.panes[pane].series
    damaged = next(k for k, image in enumerate(series.images) if image.damage is not None)
    window.state.set_slice(pane, damaged)
    qtbot.waitUntil(lambda: "damaged" in window.grid.panes[pane].view.scene().boxes,
                    timeout=10000)
    scene = window.grid.panes[pane].view.scene()
    assert scene.picture is None
    words = " ".join(getattr(item, "text", "") for item in scene.items)
    assert "Damaged image" in words
    window.set_language("ja")
    qtbot.waitUntil(lambda: "枚破損" in window.browser.item(row).text(), timeout=10000)
    assert "13 枚（うち 2 枚破損）" in window.browser.item(row).text()
