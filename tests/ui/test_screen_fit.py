"""The window on real screens: everything fits 1366x768, labels stay inside narrow panes,
full screen gives the panels back as they were, and text grows on an unscaled 4K screen.

Uses the bundled sample study (its demo stickers include the long "Hidden inflammation in the
bone" label); every test gets its own ILC_VIEWER_DATA_DIR.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from dicom_study import open_and_wait
from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QApplication

from ilc_viewer.scene.label_layout import boxes_intersect, segment_hits_box, segments_cross
from ilc_viewer.storage import user_data
from ilc_viewer.storage.resources import default_sample_study
from ilc_viewer.ui import screen
from ilc_viewer.ui.annotation_items import MIN_LABEL_PX, LabelItem
from ilc_viewer.ui.overlays import (
    CAPTION_SHARE,
    OverlayPainter,
    base_pixel_size,
    caption_band_height,
)

CASE = default_sample_study()
pytestmark = pytest.mark.skipif(not (CASE / "truth.json").is_file(),
                                reason="sample study not generated")
#: 1366x768 less a title bar and a taskbar.
SMALL = QSize(1366, 720)
LONG_LABEL = "Hidden inflammation in the bone"


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv(user_data.ENV_VAR, str(folder))
    return folder


@pytest.fixture(autouse=True)
def window_font(qapp):  # type: ignore[no-untyped-def]
    """The text size the application sets at start (before the window is made)."""
    font = qapp.font()
    big = qapp.font()
    big.setPointSizeF(screen.BASE_POINTS)
    qapp.setFont(big)
    yield
    qapp.setFont(font)


@pytest.fixture
def opened(qtbot, window):  # type: ignore[no-untyped-def]
    open_and_wait(qtbot, window, CASE)
    return window


def settle(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Let layouts and resizes run."""
    for _ in range(5):
        QApplication.processEvents()
    qtbot.wait(30)


def show_at(qtbot, window, size: QSize) -> None:  # type: ignore[no-untyped-def]
    window.fit_screen(size)
    window.resize(size)
    settle(qtbot)


def longest_explanation(window) -> str:  # type: ignore[no-untyped-def]
    library = window.annotations.library
    ids = window.annotation_panel.visible_phrase_ids()
    return max(ids, key=lambda p: len(library.get(p).explanation.en))


def inside(window, widget) -> bool:  # type: ignore[no-untyped-def]
    """The widget is shown whole inside the window's area."""
    top_left = widget.mapTo(window, widget.rect().topLeft())
    return QRectF(window.rect()).contains(QRectF(top_left, widget.size().toSizeF()))


# ----- 1366x768 ---------------------------------------------------------------------------
def test_window_fits_a_1366x768_screen_with_every_panel_in_use(qtbot, opened):
    window = opened
    assert window.skip_dock.isVisible()  # the sample has a truth.json beside the images
    window.annotation_panel.choose_phrase(longest_explanation(window))
    window.annotation_panel.show_phrases()
    window.annotation_dock.raise_()
    show_at(qtbot, window, SMALL)
    assert window.minimumSizeHint().height() <= SMALL.height()
    assert window.height() <= SMALL.height() and window.width() <= SMALL.width()
    # the bottom of the window is on screen: sliders and status bar whole
    for pane in window.grid.visible():
        assert inside(window, pane.slider) and inside(window, pane.view)
    assert inside(window, window.statusBar())
    # every side panel still reachable, as a tab
    tabs = set(window.tabifiedDockWidgets(window.window_dock))
    assert {window.annotation_dock, window.skip_dock, window.series_dock} <= tabs


def test_images_get_most_of_a_small_screen_and_panels_stay_narrow_on_a_large_one(
        qtbot, opened):
    window = opened
    show_at(qtbot, window, SMALL)
    panes = sum(p.width() for p in window.grid.visible())
    assert panes >= 0.75 * window.width()
    assert window.dockWidgetArea(window.series_dock) == Qt.DockWidgetArea.RightDockWidgetArea
    show_at(qtbot, window, QSize(1920, 1040))
    assert window.dockWidgetArea(window.series_dock) == Qt.DockWidgetArea.LeftDockWidgetArea
    sides = window.series_dock.width() + window.window_dock.width()
    assert sides <= 0.3 * window.width()
    assert window.series_dock.isVisible() and window.window_dock.isVisible()
    # back to the small screen: the series list joins the tabs again, skipped files kept
    show_at(qtbot, window, SMALL)
    assert window.series_dock in window.tabifiedDockWidgets(window.window_dock)
    assert window.skip_dock.isVisible()


def test_skipped_files_tab_counts_them_and_hides_when_none(qtbot, opened, study_folder):
    window = opened
    count = len(window.skips.entries())
    assert count >= 1 and window.skip_dock.windowTitle().endswith(f"({count})")
    open_and_wait(qtbot, window, study_folder)  # a clean folder: nothing skipped
    assert not window.skip_dock.isVisible()


# ----- sticker labels ---------------------------------------------------------------------
def labels(window, pane: int) -> list[LabelItem]:  # type: ignore[no-untyped-def]
    layer = window.layers[pane]
    return [item.label for item in layer.items.values() if item.label is not None]


def assert_labels_inside(window) -> list[LabelItem]:  # type: ignore[no-untyped-def]
    seen = []
    for pane in window.state.visible_panes:
        view = window.grid.panes[pane].view
        viewport = QRectF(view.viewport().rect())
        band = caption_band_height(viewport, window.state, pane)
        for label in labels(window, pane):
            plate = label.deviceTransform(view.viewportTransform()).mapRect(label.plate_rect())
            assert viewport.contains(plate), (label.owner.text, plate, viewport)
            if viewport.height() - band > 120:  # and not under the caption
                assert plate.bottom() <= viewport.bottom() - band + 1, label.owner.text
            # the words fit their plate: none cut off or drawn outside it
            words = QFontMetricsF(label.draw_font).boundingRect(
                label.plate_rect(), label.flags, label.owner.text)
            assert label.plate_rect().adjusted(-1, -1, 1, 1).contains(words), label.owner.text
            seen.append(label)
    return seen


def test_long_sticker_label_stays_whole_inside_a_narrow_pane(qtbot, opened):
    window = opened
    show_at(qtbot, window, QSize(1000, 700))  # three panes of about 240 pixels
    view = window.grid.panes[0].view
    assert view.viewport().width() < 300
    seen = assert_labels_inside(window)
    long = [label for label in seen if label.owner.text == LONG_LABEL]
    assert long, "the demo sticker with the long label is shown"
    one_line = QFontMetricsF(long[0].font).horizontalAdvance(LONG_LABEL)
    assert one_line > view.viewport().width() - 60  # it could not have stayed on one line
    assert long[0].flags & Qt.TextFlag.TextWordWrap


@pytest.mark.parametrize("layout", ["1x3", "2x2", "1x2"])
def test_labels_inside_every_layout_zoom_and_language(qtbot, opened, layout):
    window = opened
    show_at(qtbot, window, QSize(1100, 700))
    window.state.set_layout(layout)
    settle(qtbot)
    assert assert_labels_inside(window)
    for zoom in (2.5, 0.6):
        for pane in window.state.visible_panes:
            window.state.set_zoom(pane, zoom)
        settle(qtbot)
        assert_labels_inside(window)
    window.state.set_language("ja")
    settle(qtbot)
    assert_labels_inside(window)


def test_a_label_wider_than_the_pane_shrinks_but_not_below_the_minimum(qtbot, opened):
    window = opened
    show_at(qtbot, window, QSize(1000, 700))
    label = next(label for label in labels(window, 1) if label.owner.text)
    label.owner.text = "Supercalifragilisticexpialidocious-inflammation"  # one long word
    label.refresh()
    room = window.layers[1].label_room(label.owner.mapToScene(label.pos()))
    assert room is not None
    plate = label.plate_rect()
    assert plate.width() <= room.width() + 1
    assert MIN_LABEL_PX <= label.draw_font.pixelSize() < label.font.pixelSize()


# ----- full screen ------------------------------------------------------------------------
def test_full_screen_hides_the_tabs_and_gives_the_same_ones_back(qtbot, opened):
    window = opened
    show_at(qtbot, window, SMALL)
    window.annotation_dock.raise_()
    settle(qtbot)
    assert not window.annotation_dock.visibleRegion().isEmpty()
    before = window.grid.panes[0].view.viewport().size()
    window.actions_by_name["full_screen"].trigger()
    settle(qtbot)
    docks = (window.series_dock, window.window_dock, window.annotation_dock, window.skip_dock)
    assert not any(dock.isVisible() for dock in docks)
    assert not window.tool_bar.isVisible() and not window.statusBar().isVisible()
    assert not window.grid.panes[0].slider.isVisible()
    rect = QRectF(window.grid.panes[0].view.viewport().rect())
    assert base_pixel_size(rect, True) > base_pixel_size(rect, False)  # larger captions
    window.actions_by_name["leave_full_screen"].trigger()
    settle(qtbot)
    assert all(dock.isVisible() for dock in docks)
    assert not window.annotation_dock.visibleRegion().isEmpty()  # the same tab on top
    assert window.window_dock.visibleRegion().isEmpty()
    assert window.series_dock in window.tabifiedDockWidgets(window.window_dock)
    assert window.grid.panes[0].view.viewport().size() == before


def test_leaving_full_screen_keeps_a_maximised_window_maximised(qtbot, opened):
    window = opened
    window.showMaximized()
    settle(qtbot)
    if not window.isMaximized():
        pytest.skip("this platform does not maximise windows")
    window.set_full_screen(True)
    settle(qtbot)
    window.set_full_screen(False)
    settle(qtbot)
    assert window.isMaximized()


# ----- 4K ---------------------------------------------------------------------------------
def test_text_grows_on_an_unscaled_4k_screen_only():
    assert screen.text_scale(768) == 1.0
    assert screen.text_scale(1080) == 1.0
    assert screen.text_scale(1440) == 1.0  # a QHD screen is read as it is
    assert screen.text_scale(2160) == pytest.approx(2.0)
    assert screen.text_scale(4320) == screen.MAX_TEXT_SCALE


def test_on_image_words_and_thumbnails_follow_larger_window_text(qtbot, opened):
    window = opened
    rect = QRectF(0, 0, 1900, 1900)  # one pane of an unscaled 4K screen
    from ilc_viewer.ui.histogram import HistogramWidget
    from ilc_viewer.ui.series_browser import SeriesBrowser

    usual = base_pixel_size(rect, False)
    usual_histogram = window.controls.histogram.sizeHint().height()
    app = QApplication.instance()
    font = app.font()
    try:
        big = app.font()
        big.setPixelSize(round(screen.BASE_TEXT_PX * 2))
        app.setFont(big)
        assert screen.ui_text_scale() == pytest.approx(2.0, rel=0.05)
        assert base_pixel_size(rect, False) >= 1.8 * usual
        browser = SeriesBrowser()
        assert browser.iconSize().width() >= 1.8 * window.browser.iconSize().width()
        histogram = HistogramWidget()
        assert histogram.sizeHint().height() >= 1.8 * usual_histogram
        for widget in (browser, histogram):
            widget.deleteLater()
    finally:
        app.setFont(font)


def test_thumbnails_have_device_pixels_for_the_screen(qtbot, opened):
    window = opened
    qtbot.waitUntil(lambda: len(window.frames.thumbnails) == window.browser.count(),
                    timeout=10000)
    QApplication.processEvents()
    key = window.browser.keys()[0]
    picture = window.frames.thumbnails[key]
    assert max(picture.shape) > window.browser.thumbnail  # source finer than shown
    item = window.browser.item(0)
    ratio = window.browser.devicePixelRatioF()
    pixmap = item.icon().pixmap(window.browser.iconSize(), ratio)
    assert pixmap.width() >= round(window.browser.thumbnail * ratio) - 1


def test_full_screen_captions_are_larger_but_leave_the_narrow_panes_their_images(
        qtbot, opened):
    window = opened
    window.state.set_full_screen(True)
    narrow, wide = QRectF(0, 0, 455, 768), QRectF(0, 0, 1270, 2100)
    for rect in (narrow, wide):
        bands = [caption_band_height(rect, window.state, pane) for pane in range(3)]
        assert max(bands) <= CAPTION_SHARE * rect.height() + 20
        # side by side the captions have the same text size
        titles = {OverlayPainter(None, rect, window.state, pane)._caption_layout()[0][1]
                  .pixelSize() for pane in range(3)}
        assert len(titles) == 1
    big_screen = OverlayPainter(None, wide, window.state, 1)._caption_layout()
    window.state.set_full_screen(False)
    usual = OverlayPainter(None, wide, window.state, 1)._caption_layout()
    assert big_screen[0][1].pixelSize() > usual[0][1].pixelSize()
    assert len(big_screen) > len(usual)  # room for the picture line in full screen


def test_skipped_files_wait_for_the_end_of_full_screen(qtbot, window):
    window.set_full_screen(True)
    open_and_wait(qtbot, window, CASE)  # the sample has a skipped truth.json
    settle(qtbot)
    assert not window.skip_dock.isVisible()
    window.set_full_screen(False)
    settle(qtbot)
    assert window.skip_dock.isVisible()


def test_scaled_style_makes_controls_as_large_as_the_text():
    from PySide6.QtWidgets import QProxyStyle, QStyle

    base, scaled = QProxyStyle(), screen.ScaledStyle(2.0)
    for metric in (QStyle.PixelMetric.PM_IndicatorWidth, QStyle.PixelMetric.PM_ScrollBarExtent,
                   QStyle.PixelMetric.PM_SliderThickness):
        assert scaled.pixelMetric(metric) == round(2.0 * base.pixelMetric(metric)) > 0


def test_a_label_a_little_too_long_stays_on_one_line_slightly_smaller(qtbot, opened):
    window = opened
    show_at(qtbot, window, QSize(1000, 700))
    label = next(label for label in labels(window, 1) if label.owner.text)
    room = window.layers[1].label_room(label.owner.mapToScene(label.pos()))
    assert room is not None
    words = label.owner.text
    pad = label.font.pixelSize() * 0.3
    natural = QFontMetricsF(label.font).horizontalAdvance(words) / label.font.pixelSize()
    # a text size at which the words are 10 % wider than the room
    label.owner.label_px = 1.1 * (room.width() - 2 * pad) / natural
    label.refresh()
    assert not label.flags & Qt.TextFlag.TextWordWrap
    assert label.draw_font.pixelSize() >= 0.85 * label.font.pixelSize() - 1
    assert label.plate_rect().height() < 2 * QFontMetricsF(label.draw_font).height()
    assert label.plate_rect().width() <= room.width() + 1


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_labels_do_not_cover_each_other_in_narrow_panes(qtbot, opened, lang):
    window = opened
    window.state.set_language(lang)
    show_at(qtbot, window, QSize(1000, 700))
    for pane in window.state.visible_panes:
        layer = window.layers[pane]
        plates = [layer.label_rect(label) for label in labels(window, pane)]
        assert len(plates) >= 2
        for k, first in enumerate(plates):
            for second in plates[k + 1:]:
                assert not first.intersects(second), (first, second)
    assert_labels_inside(window)
    # each sticker's line still ends on its own plate
    for pane in window.state.visible_panes:
        view = window.grid.panes[pane].view
        for item in window.layers[pane].items.values():
            if item.label is not None and item.annotation.kind == "sticker":
                tail = view.viewportTransform().map(item.mapToScene(item.tail()))
                plate = window.layers[pane].label_rect(item.label)
                assert plate.adjusted(-1, -1, 1, 1).contains(tail)


# ----- many stickers (case B: six findings) -------------------------------------------------
CASE_B = CASE.parent / "case_b"
#: The spine a label must leave visible, around each vertebra / disc centre of truth.json (mm):
#: front of the body, back of the canal, half the height of a body and of a disc.
SPINE_FRONT, SPINE_BACK, BODY_HALF, DISC_HALF = 17.0, 36.0, 12.0, 4.0


def spine_boxes(window, pane: int, truth: dict) -> list[QRectF]:  # type: ignore[no-untyped-def]
    """Viewport rectangles of the vertebral bodies and canal of case B's truth."""
    view = window.grid.panes[pane].view
    geometry = window.state.panes[pane].geometry

    def at(x: float, y: float, z: float):  # type: ignore[no-untyped-def]
        row, col, _ = geometry.patient_to_pixel((x, y, z))
        return view.viewportTransform().map(view.pixel_to_scene(row, col))

    boxes = []
    for group, half in (("vertebrae", BODY_HALF), ("levels", DISC_HALF)):
        for x, y, z in truth[group].values():
            boxes.append(QRectF(at(x, y - SPINE_FRONT, z + half),
                                at(x, y + SPINE_BACK, z - half)).normalized())
    return boxes


def plate_box(rect: QRectF) -> tuple[float, float, float, float]:
    return rect.left(), rect.top(), rect.right(), rect.bottom()


@pytest.mark.skipif(not (CASE_B / "truth.json").is_file(), reason="case B not generated")
@pytest.mark.parametrize("size", [QSize(1600, 900), QSize(1366, 720)], ids=["1600", "1366"])
@pytest.mark.parametrize("layout", ["1x3", "2x2", "1x1"])
def test_six_stickers_keep_off_the_spine_and_each_other(qtbot, window, size, layout):
    truth = json.loads((CASE_B / "truth.json").read_text(encoding="utf-8"))
    open_and_wait(qtbot, window, CASE_B)
    show_at(qtbot, window, size)
    window.state.set_layout(layout)
    for lang in ("en", "ja"):
        window.state.set_language(lang)
        settle(qtbot)
        assert assert_labels_inside(window)
        for pane in window.state.visible_panes[:3]:  # T1, T2, STIR (2x2 adds the axial)
            view, layer = window.grid.panes[pane].view, window.layers[pane]
            stickers = [item for item in layer.items.values()
                        if item.label is not None and item.annotation.kind == "sticker"]
            assert len(stickers) == 6, (lang, pane)  # every finding and the healthy disc
            plates = [plate_box(layer.label_rect(item.label)) for item in stickers]
            arrows = [(view.viewportTransform().map(item.mapToScene(item.tail())),
                       view.viewportTransform().map(item.mapToScene(item.points[0])))
                      for item in stickers]
            arrows = [((a.x(), a.y()), (b.x(), b.y())) for a, b in arrows]
            spine = [plate_box(box) for box in spine_boxes(window, pane, truth)]
            for k, plate in enumerate(plates):
                name = (lang, layout, pane, stickers[k].text)
                assert not any(boxes_intersect(plate, bone) for bone in spine), name
                for j in range(k + 1, len(plates)):
                    assert not boxes_intersect(plate, plates[j]), (name, stickers[j].text)
                    assert not segments_cross(*arrows[k], *arrows[j]), (name, stickers[j].text)
                for j in range(len(plates)):
                    if j != k:  # an arrow passes by other plates
                        assert not segment_hits_box(*arrows[j], plate), (name, stickers[j].text)
            # disc and bone words in front of the spine (left), the nerve tunnel behind it
            for item, plate in zip(stickers, plates, strict=True):
                spot = view.viewportTransform().map(item.mapToScene(item.points[0]))
                front = item.annotation.phrase_id != "stenosis"
                assert (plate[2] < spot.x()) if front else (plate[0] > spot.x()), item.text
