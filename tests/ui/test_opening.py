"""Opening studies: auto-filled triple, broken folders, drops, layouts, recent studies."""

from __future__ import annotations

from pathlib import Path

import dicom_study
from dicom_study import open_and_wait
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from ilc_viewer.ui.pane_widget import SERIES_MIME
from ilc_viewer.ui.recent import recent_studies


def test_study_fills_t1_t2_stir_and_shows_pictures(qtbot, window, study_folder):
    open_and_wait(qtbot, window, study_folder)
    panes = window.state.panes
    assert [p.sequence for p in panes[:3]] == ["T1", "T2", "STIR"]
    assert [p.slice_count for p in panes[:3]] == [9, 13, 5]
    for k in range(3):
        view = window.grid.panes[k].view
        picture = view.scene().picture
        assert picture is not None
        assert panes[k].window is not None  # a starting window was chosen from the pixels
        assert picture.pixels.shape == (64, 48)
    assert window.browser.count() == 3
    assert window.skips.topLevelItemCount() == 0
    assert not window.docks.skipped.isVisible()


def test_first_image_is_painted_and_thumbnails_follow(qtbot, window, study_folder):
    with qtbot.waitSignal(window.firstImagePainted, timeout=20000):
        window.open_path(study_folder)
    qtbot.waitUntil(lambda: len(window.viewer.frames.thumbnails) == 3, timeout=20000)
    icons = [window.browser.item(k).icon() for k in range(3)]
    qtbot.waitUntil(lambda: all(not i.isNull() for i in
                                (window.browser.item(k).icon() for k in range(3))))
    assert len(icons) == 3


def test_missing_sequence_leaves_a_pane_free_with_a_note(qtbot, window, tmp_path):
    folder = dicom_study.write_study(tmp_path / "two", labels=("T1", "T2"))
    open_and_wait(qtbot, window, folder)
    assert window.state.panes[2].series is None
    assert window.viewer.opened.missing == {2: "STIR"}
    words = [item.text for item in window.grid.panes[2].view.scene().texts()]
    assert "No STIR series in this study" in words
    assert "STIR" in window.banner.text() and window.banner.isVisible()


def test_broken_folder_lists_every_bad_file_and_keeps_working(qtbot, window, tmp_path):
    broken = dicom_study.write_broken_folder(tmp_path / "broken")
    with qtbot.waitSignal(window.loadFailed, timeout=20000) as blocker:
        window.open_path(broken)
    assert str(broken) in blocker.args[0]
    names = {Path(name).name for name, _ in window.skips.entries()}
    assert names == {"notes.txt", "empty.dcm", "truncated.dcm"}
    assert all(reason for _, reason in window.skips.entries())
    assert window.docks.skipped.isVisible() and window.banner.isVisible()
    # the window still opens a good study afterwards
    open_and_wait(qtbot, window, dicom_study.write_study(tmp_path / "good"))
    assert window.state.panes[0].sequence == "T1"


def test_missing_path_gives_a_message_not_a_crash(qtbot, window, tmp_path):
    with qtbot.waitSignal(window.loadFailed, timeout=20000) as blocker:
        window.open_path(tmp_path / "no-such-folder")
    assert "no-such-folder" in blocker.args[0]
    assert window.banner.isVisible()


def test_mixed_folder_shows_good_images_and_lists_bad_files(qtbot, window, tmp_path):
    folder = dicom_study.write_study(tmp_path / "mixed")
    (folder / "readme.txt").write_text("hello")
    open_and_wait(qtbot, window, folder)
    assert window.state.panes[0].sequence == "T1"
    assert [Path(n).name for n, _ in window.skips.entries()] == ["readme.txt"]


def test_series_dropped_on_a_pane_is_shown_there(qtbot, window, study_folder):
    open_and_wait(qtbot, window, study_folder)
    t1_key = window.state.panes[0].series.key
    data = QMimeData()
    data.setData(SERIES_MIME, t1_key.encode())
    target = window.grid.panes[2]
    event = QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, data,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    target.dropEvent(event)
    assert window.state.panes[2].series.key == t1_key
    assert window.grid.panes[2].view.scene().picture is not None
    assert window.active.pane == 2
    # the browser drags the same format
    item = window.browser.item(1)
    mime = window.browser.mimeData([item])
    assert bytes(mime.data(SERIES_MIME).data()).decode() == window.browser.keys()[1]


def test_files_dropped_on_the_window_are_opened(qtbot, window, study_folder):
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(study_folder))])
    event = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, data,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(window.studyShown, timeout=20000):
        window.dropEvent(event)
    assert window.state.panes[1].sequence == "T2"


def test_several_studies_ask_which_one(qtbot, settings, tmp_path):
    from ilc_viewer.ui.main_window import MainWindow

    root = tmp_path / "two_studies"
    dicom_study.write_study(root / "a", labels=("T1",))
    dicom_study.write_study(root / "b", labels=("T2", "STIR"))
    asked = []

    def choose(studies):
        asked.append(len(studies))
        return next(k for k, s in enumerate(studies) if len(s.series) == 2)

    win = MainWindow(settings=settings, choose_study=choose)
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.studyShown, timeout=20000):
        win.open_path(root)
    assert asked == [2]
    assert [p.sequence for p in win.state.panes[:3]] == ["", "T2", "STIR"]
    win.close()


def test_layouts_and_double_click_maximise(qtbot, window, study_folder):
    open_and_wait(qtbot, window, study_folder)
    expected = {"1x1": 1, "1x2": 2, "1x3": 3, "2x2": 4}
    for name, count in expected.items():
        window.actions_by_name[f"layout_{name}"].trigger()
        qtbot.waitUntil(lambda c=count: sum(p.isVisible() for p in window.grid.panes) == c)
        assert window.state.layout == name
    window.actions_by_name["layout_1x3"].trigger()
    view = window.grid.panes[1].view
    qtbot.mouseDClick(view, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: [p.isVisible() for p in window.grid.panes] ==
                    [False, True, False, False])
    assert window.state.maximised == 1
    qtbot.mouseDClick(view, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: sum(p.isVisible() for p in window.grid.panes) == 3)


def test_recent_studies_are_remembered_in_the_given_settings(qtbot, window, settings,
                                                             study_folder):
    open_and_wait(qtbot, window, study_folder)
    assert recent_studies(settings) == [str(study_folder)]
    entries = [a.text() for a in window.menus.recent.actions()]
    assert entries == [str(study_folder)]


def test_shortcuts_dialog_lists_the_actions(qtbot, window):
    from ilc_viewer.ui.shortcuts_dialog import ShortcutsDialog

    dialog = ShortcutsDialog(list(window.actions_by_name.values()), window)
    qtbot.addWidget(dialog)
    texts = [dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())]
    assert "Invert grey scale" in texts and "Next slice" in texts
    keys = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    assert all(keys)


def test_export_menu_exports_the_open_study_and_the_active_pane(qtbot, window, study_folder):
    assert window.export_context() is None  # nothing to export before a study
    open_and_wait(qtbot, window, study_folder)
    window.active.set(2)
    context = window.export_context()
    assert context.opened is window.viewer.opened and context.state is window.state
    assert context.source == study_folder and context.active_pane == 2
    assert window.actions_by_name["export_image"].shortcut().toString() == "Ctrl+E"


def test_a_scan_started_before_the_window_is_used_not_repeated(qtbot, window, study_folder,
                                                                 monkeypatch):
    from ilc_viewer.dicom import index as dicom_index
    from ilc_viewer.open_study.early_scan import EarlyScan

    early = EarlyScan(study_folder)
    early.wait()
    calls = []
    real = dicom_index.scan
    monkeypatch.setattr(dicom_index, "scan", lambda *a, **k: (calls.append(a), real(*a, **k))[1])
    with qtbot.waitSignal(window.studyShown, timeout=20000):
        window.opener.open_path(study_folder, early)
    assert calls == []  # the window took the early scan's index
    assert window.state.panes[0].sequence == "T1"


def test_the_study_chooser_tells_studies_apart_with_names_masked(qtbot, tmp_path):
    from ilc_viewer.dicom.index import scan
    from ilc_viewer.ui.study_chooser import StudyChooser

    root = tmp_path / "two_patients"
    dicom_study.write_study(root / "a", labels=("T1",))
    dicom_study.write_study(root / "b", labels=("T2", "STIR"))
    studies = scan(root).studies
    dialog = StudyChooser(studies, phi_visible=False)
    qtbot.addWidget(dialog)
    lines = [dialog.list.item(k).text() for k in range(dialog.list.count())]
    assert len(set(lines)) == 2  # two lines that differ (series and image counts)
    assert all(dicom_study.PATIENT_NAME.split("^")[0] not in line for line in lines)
    dialog.show_names.setChecked(True)
    assert all("Placeholder" in dialog.list.item(k).text() for k in range(2))


def test_the_view_menu_ticks_only_the_layout_shown(qtbot, window, study_folder):
    """The layouts are one choice: after any change of layout (a menu item, the axial toggle
    or the state itself) exactly one of them is ticked, the one shown."""
    open_and_wait(qtbot, window, study_folder)
    layouts = {name: action for name, action in window.actions_by_name.items()
               if name.startswith("layout_")}

    def ticked() -> list[str]:
        return [name for name, action in layouts.items() if action.isChecked()]

    for name in ("1x1", "2x2", "1x3"):
        window.actions_by_name[f"layout_{name}"].trigger()
        qtbot.waitUntil(lambda n=name: window.state.layout == n)
        assert ticked() == [f"layout_{name}"]
    for layout in ("1x4", "1x2", "1x3"):
        window.state.set_layout(layout)
        qtbot.waitUntil(lambda n=layout: ticked() == [f"layout_{n}"])
