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
from PySide6.QtWidgets import QApplication

from ilc_viewer.scene.label_layout import boxes_intersect, segment_hits_box, segments_cross
from ilc_viewer.scene.panel import CAPTION_SHARE, SceneOptions, base_size, build_scene
from ilc_viewer.scene.primitives import Line
from ilc_viewer.storage import user_data
from ilc_viewer.storage.resources import default_sample_study
from ilc_viewer.ui import screen

CASE = default_sample_study()
pytestmark = pytest.mark.skipif(not (CASE / "truth.json").is_file(),
                                reason="sample study not generated")
#: 1366x768 less a title bar and a taskbar.
SMALL = QSize(1366, 720)
LONG_LABEL = "Healthy disc: full of water"


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
def with_a_skipped_file(tmp_path: Path) -> Path:
    """Case A (linked, so its demo stickers show) and a text file: one file is skipped."""
    folder = tmp_path / "case_a"
    folder.mkdir()
    for item in CASE.iterdir():
        (folder / item.name).symlink_to(item)
    (folder / "notes.txt").write_text("not an image")
    return folder


@pytest.fixture
def opened(qtbot, window, with_a_skipped_file):  # type: ignore[no-untyped-def]
    """The window on case A with one skipped file, so every dock is in use."""
    open_and_wait(qtbot, window, with_a_skipped_file)
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
    library = window.viewer.annotations.library
    ids = window.annotation_panel.visible_phrase_ids()
    return max(ids, key=lambda p: len(library.get(p).explanation.en))


def inside(window, widget) -> bool:  # type: ignore[no-untyped-def]
    """The widget is shown whole inside the window's area."""
    top_left = widget.mapTo(window, widget.rect().topLeft())
    return QRectF(window.rect()).contains(QRectF(top_left, widget.size().toSizeF()))


# ----- 1366x768 ---------------------------------------------------------------------------
def test_window_fits_a_1366x768_screen_with_every_panel_in_use(qtbot, opened):
    window = opened
    assert window.docks.skipped.isVisible()  # notes.txt beside the images
    window.annotation_panel.choose_phrase(longest_explanation(window))
    window.annotation_panel.show_phrases()
    window.docks.annotations.raise_()
    show_at(qtbot, window, SMALL)
    assert window.minimumSizeHint().height() <= SMALL.height()
    assert window.height() <= SMALL.height() and window.width() <= SMALL.width()
    # the bottom of the window is on screen: sliders and status bar whole
    for pane in window.grid.visible():
        assert inside(window, pane.slider) and inside(window, pane.view)
    assert inside(window, window.statusBar())
    # every side panel still reachable, as a tab
    tabs = set(window.tabifiedDockWidgets(window.docks.controls))
    assert {window.docks.annotations, window.docks.skipped, window.docks.series} <= tabs


def test_images_get_most_of_a_small_screen_and_panels_stay_narrow_on_a_large_one(
        qtbot, opened):
    window = opened
    show_at(qtbot, window, SMALL)
    panes = sum(p.width() for p in window.grid.visible())
    assert panes >= 0.75 * window.width()
    assert window.dockWidgetArea(window.docks.series) == Qt.DockWidgetArea.RightDockWidgetArea
    show_at(qtbot, window, QSize(1920, 1040))
    assert window.dockWidgetArea(window.docks.series) == Qt.DockWidgetArea.LeftDockWidgetArea
    sides = window.docks.series.width() + window.docks.controls.width()
    assert sides <= 0.3 * window.width()
    assert window.docks.series.isVisible() and window.docks.controls.isVisible()
    # back to the small screen: the series list joins the tabs again, skipped files kept
    show_at(qtbot, window, SMALL)
    assert window.docks.series in window.tabifiedDockWidgets(window.docks.controls)
    assert window.docks.skipped.isVisible()


def test_skipped_files_tab_counts_them_and_hides_when_none(qtbot, opened, study_folder):
    window = opened
    count = len(window.skips.entries())
    assert count >= 1 and window.docks.skipped.windowTitle().endswith(f"({count})")
    open_and_wait(qtbot, window, study_folder)  # a clean folder: nothing skipped
    assert not window.docks.skipped.isVisible()


# ----- sticker labels ---------------------------------------------------------------------
def labels(window, pane: int) -> list[tuple[str, tuple, list]]:  # type: ignore[no-untyped-def]
    """(annotation id, plate box, its text runs) of every label a pane draws now."""
    scene = window.grid.panes[pane].view.scene()
    out = []
    for key, box in scene.boxes.items():
        if key.startswith("label:"):
            annotation_id = key.split(":", 1)[1]
            runs = [item for item in scene.texts() if item.tag is not None
                    and item.tag.annotation_id == annotation_id]
            out.append((annotation_id, box, runs))
    return out


def words(runs: list) -> str:  # type: ignore[type-arg]
    return " ".join(run.text for run in runs)


def assert_labels_inside(window) -> list:  # type: ignore[no-untyped-def, type-arg]
    """Every plate inside its pane and above the caption; its words inside the plate."""
    seen = []
    for pane in window.state.visible_panes:
        view = window.grid.panes[pane].view
        scene = view.scene()
        caption = scene.boxes.get("caption")
        for annotation_id, plate, runs in labels(window, pane):
            text = words(runs)
            assert plate[0] >= 0 and plate[1] >= 0, (text, plate)
            assert plate[2] <= view.width() and plate[3] <= view.height(), (text, plate)
            if caption is not None and view.height() - caption[1] < 0.5 * view.height():
                # not over the caption (a band below the image, or a column beside it)
                assert not boxes_intersect(plate, (caption[0] + 1, caption[1] + 1,
                                                   caption[2] - 1, caption[3] - 1)), text
            for run in runs:  # the words fit their plate: none cut off or outside it
                assert plate[0] - 1 <= run.box[0] and run.box[2] <= plate[2] + 1, text
                assert plate[1] - 1 <= run.box[1] and run.box[3] <= plate[3] + 1, text
            seen.append((annotation_id, plate, runs))
    return seen


def test_long_sticker_label_stays_whole_inside_a_narrow_pane(qtbot, opened):
    window = opened
    show_at(qtbot, window, QSize(1000, 700))  # three panes of about 240 pixels
    view = window.grid.panes[0].view
    assert view.width() < 300
    seen = assert_labels_inside(window)
    long = [runs for _, _, runs in seen if words(runs) == LONG_LABEL]
    assert long, "the demo sticker with the long label is shown"
    assert len(long[0]) > 1  # it could not stay on one line: wrapped, every word whole


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


# ----- full screen ------------------------------------------------------------------------
def test_full_screen_hides_the_tabs_and_gives_the_same_ones_back(qtbot, opened):
    window = opened
    show_at(qtbot, window, SMALL)
    window.docks.annotations.raise_()
    settle(qtbot)
    assert not window.docks.annotations.visibleRegion().isEmpty()
    before = window.grid.panes[0].view.size()
    window.actions_by_name["full_screen"].trigger()
    settle(qtbot)
    docks = window.docks.all
    assert not any(dock.isVisible() for dock in docks)
    assert not window.menus.tool_bar.isVisible() and not window.statusBar().isVisible()
    assert not window.grid.panes[0].slider.isVisible()
    view = window.grid.panes[0].view
    assert base_size(view.width(), view.height(), presentation=True) > \
        base_size(view.width(), view.height())  # larger words
    window.actions_by_name["leave_full_screen"].trigger()
    settle(qtbot)
    assert all(dock.isVisible() for dock in docks)
    assert not window.docks.annotations.visibleRegion().isEmpty()  # the same tab on top
    assert window.docks.controls.visibleRegion().isEmpty()
    assert window.docks.series in window.tabifiedDockWidgets(window.docks.controls)
    assert window.grid.panes[0].view.size() == before


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
    from ilc_viewer.ui.histogram import HistogramWidget
    from ilc_viewer.ui.series_browser import SeriesBrowser

    def words_size() -> float:  # one pane of an unscaled 4K screen
        scene = build_scene(window.viewer.opened, 0, (1900, 1900), window.viewer.scene_options())
        return next(run.size for run in scene.texts())

    usual = words_size()
    usual_histogram = window.controls.histogram.sizeHint().height()
    app = QApplication.instance()
    font = app.font()
    try:
        big = app.font()
        big.setPixelSize(round(screen.BASE_TEXT_PX * 2))
        app.setFont(big)
        assert screen.ui_text_scale() == pytest.approx(2.0, rel=0.05)
        assert words_size() >= 1.8 * usual
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
    qtbot.waitUntil(lambda: len(window.viewer.frames.thumbnails) == window.browser.count(),
                    timeout=10000)
    QApplication.processEvents()
    key = window.browser.keys()[0]
    picture = window.viewer.frames.thumbnails[key]
    assert max(picture.shape) > window.browser.thumbnail  # source finer than shown
    item = window.browser.item(0)
    ratio = window.browser.devicePixelRatioF()
    pixmap = item.icon().pixmap(window.browser.iconSize(), ratio)
    assert pixmap.width() >= round(window.browser.thumbnail * ratio) - 1


def test_full_screen_captions_are_larger_but_leave_the_narrow_panes_their_images(
        qtbot, opened):
    window = opened
    opened_study = window.viewer.opened

    def caption(size: tuple[int, int], pane: int) -> tuple[tuple, list]:  # type: ignore[type-arg]
        scene = build_scene(opened_study, pane, size, SceneOptions())
        box = scene.boxes["caption"]
        runs = [run for run in scene.texts() if run.box[1] >= box[1] - 1]
        return box, runs

    window.state.set_full_screen(True)
    narrow, wide = (455, 768), (1270, 2100)
    for size in (narrow, wide):
        boxes = [caption(size, pane) for pane in range(3)]
        assert max(box[3] - box[1] for box, _ in boxes) <= CAPTION_SHARE * size[1] + 20
        # side by side the captions have the same text size
        assert len({runs[0].size for _, runs in boxes}) == 1
    _, big_screen = caption(wide, 1)
    window.state.set_full_screen(False)
    _, usual = caption(wide, 1)
    assert big_screen[0].size > usual[0].size
    assert len(big_screen) > len(usual)  # room for the picture line in full screen


def test_the_bundled_sample_reports_no_skipped_file(qtbot, window):
    open_and_wait(qtbot, window, CASE)  # its truth.json belongs to the program
    settle(qtbot)
    assert window.index is not None and window.index.skipped == []
    assert not window.docks.skipped.isVisible()


def test_skipped_files_wait_for_the_end_of_full_screen(qtbot, window, with_a_skipped_file):
    window.set_full_screen(True)
    open_and_wait(qtbot, window, with_a_skipped_file)
    settle(qtbot)
    assert not window.docks.skipped.isVisible()
    window.set_full_screen(False)
    settle(qtbot)
    assert window.docks.skipped.isVisible()


def test_scaled_style_makes_controls_as_large_as_the_text():
    from PySide6.QtWidgets import QProxyStyle, QStyle

    base, scaled = QProxyStyle(), screen.ScaledStyle(2.0)
    for metric in (QStyle.PixelMetric.PM_IndicatorWidth, QStyle.PixelMetric.PM_ScrollBarExtent,
                   QStyle.PixelMetric.PM_SliderThickness):
        assert scaled.pixelMetric(metric) == round(2.0 * base.pixelMetric(metric)) > 0


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_labels_do_not_cover_each_other_in_narrow_panes(qtbot, opened, lang):
    window = opened
    window.state.set_language(lang)
    show_at(qtbot, window, QSize(1000, 700))
    for pane in window.state.visible_panes[:3]:  # the sagittal panes carry the stickers
        plates = [plate for _, plate, _ in labels(window, pane)]
        assert len(plates) >= 2
        for k, first in enumerate(plates):
            for second in plates[k + 1:]:
                assert not boxes_intersect(first, second), (first, second)
    assert_labels_inside(window)
    # each sticker's line still ends on its own plate
    for pane in window.state.visible_panes:
        scene = window.grid.panes[pane].view.scene()
        for item in scene.items:
            if isinstance(item, Line) and item.tag is not None and item.tag.part == "shape":
                left, top, right, bottom = scene.boxes[f"label:{item.tag.annotation_id}"]
                x, y = item.points[0]
                assert left - 1 <= x <= right + 1 and top - 1 <= y <= bottom + 1


# ----- many stickers (case B: six findings) -------------------------------------------------
CASE_B = CASE.parent / "case_b"
#: The spine a label must leave visible, around each vertebra / disc centre of truth.json (mm):
#: front of the body, back of the canal, half the height of a body and of a disc.
SPINE_FRONT, SPINE_BACK, BODY_HALF, DISC_HALF = 17.0, 36.0, 12.0, 4.0


def spine_boxes(window, pane: int, truth: dict) -> list[tuple]:  # type: ignore[no-untyped-def, type-arg]
    """Pane boxes of the vertebral bodies and canal of case B's truth."""
    view = window.grid.panes[pane].view
    geometry = window.state.panes[pane].geometry

    def at(x: float, y: float, z: float) -> tuple[float, float]:
        row, col, _ = geometry.patient_to_pixel((x, y, z))
        point = view.to_screen(row, col)
        return point.x(), point.y()

    # only the spine inside the picture: case B's truth runs from T10, above a small image
    image = view.scene().boxes["image"]
    boxes = []
    for group, half in (("vertebrae", BODY_HALF), ("levels", DISC_HALF)):
        for x, y, z in truth[group].values():
            (x0, y0), (x1, y1) = at(x, y - SPINE_FRONT, z + half), at(x, y + SPINE_BACK, z - half)
            box = (max(min(x0, x1), image[0]), max(min(y0, y1), image[1]),
                   min(max(x0, x1), image[2]), min(max(y0, y1), image[3]))
            if box[0] < box[2] and box[1] < box[3]:
                boxes.append(box)
    return boxes


@pytest.mark.skipif(not (CASE_B / "truth.json").is_file(), reason="case B not generated")
@pytest.mark.parametrize("size", [QSize(1600, 900), QSize(1366, 720)], ids=["1600", "1366"])
@pytest.mark.parametrize("layout", ["1x3", "2x2", "1x1", "1x4"])
def test_six_stickers_keep_off_the_spine_and_each_other(qtbot, window, size, layout):
    truth = json.loads((CASE_B / "truth.json").read_text(encoding="utf-8"))
    open_and_wait(qtbot, window, CASE_B)
    show_at(qtbot, window, size)
    window.state.set_layout(layout)
    model = window.viewer.annotations.annotations
    for lang in ("en", "ja"):
        window.state.set_language(lang)
        settle(qtbot)
        assert assert_labels_inside(window)
        for pane in window.state.visible_panes[:3]:  # T1, T2, STIR (2x2 adds the axial)
            scene = window.grid.panes[pane].view.scene()
            found = labels(window, pane)
            stickers = [(i, plate, words(runs)) for i, plate, runs in found
                        if model.get(i).kind == "sticker"]
            assert len(stickers) == 6, (lang, pane)  # every finding and the healthy disc
            lines = {item.tag.annotation_id: item for item in scene.items
                     if isinstance(item, Line) and item.tag is not None}
            plates = [plate for _, plate, _ in stickers]
            arrows = [(lines[i].points[0], lines[i].points[-1]) for i, _, _ in stickers]
            spine = spine_boxes(window, pane, truth)
            for k, plate in enumerate(plates):
                name = (lang, layout, pane, stickers[k][2])
                assert not any(boxes_intersect(plate, bone) for bone in spine), name
                for j in range(k + 1, len(plates)):
                    assert not boxes_intersect(plate, plates[j]), (name, stickers[j][2])
                    assert not segments_cross(*arrows[k], *arrows[j]), (name, stickers[j][2])
                for j in range(len(plates)):
                    if j != k:  # an arrow passes by other plates
                        assert not segment_hits_box(*arrows[j], plate), (name, stickers[j][2])
            # disc and bone words in front of the spine (left), the nerve tunnel behind it
            for (annotation_id, plate, text), arrow in zip(stickers, arrows, strict=True):
                spot_x = arrow[1][0]
                front = model.get(annotation_id).phrase_id != "stenosis"
                assert (plate[2] < spot_x) if front else (plate[0] > spot_x), text
