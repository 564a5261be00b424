"""The window's actions and menus: every command on the keyboard with standard shortcuts.

:func:`build_actions` creates them on a main window and returns them with the menus other
parts fill later (recent studies, panels); it sets nothing on the window.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu, QToolBar

from ilc_viewer.open_study.viewer_state import LAYOUTS, ViewerState
from ilc_viewer.ui.annotation_tools import TOOLS

if TYPE_CHECKING:
    from ilc_viewer.ui.main_window import MainWindow

Keys = QKeySequence.StandardKey | str | list[str] | None


def _action(window: MainWindow, text: str, keys: Keys, slot: Callable[..., object],
            checkable: bool = False, tip: str = "") -> QAction:
    action = QAction(text, window)
    if isinstance(keys, list):
        action.setShortcuts([QKeySequence(k) for k in keys])
    elif keys is not None:
        action.setShortcut(QKeySequence(keys))
    action.setCheckable(checkable)
    if tip:
        action.setStatusTip(tip)
    (action.toggled if checkable else action.triggered).connect(slot)
    window.addAction(action)
    return action


def _pane_action(window: MainWindow, text: str, keys: Keys, slot: Callable[..., object]) -> QAction:
    """Keys that also move inside widgets (arrows, Page Up) act only when the panes have focus."""
    action = _action(window, text, keys, slot)
    window.removeAction(action)
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    window.grid.addAction(action)
    return action


@dataclass
class Menus:
    """The menus and tool bar filled after the actions are built."""

    recent: QMenu
    panels: QMenu
    tool_bar: QToolBar
    file: QMenu
    help: QMenu


def build_actions(w: MainWindow) -> tuple[dict[str, QAction], Menus]:
    """Create the actions and the menu bar; returns the actions by name and the menus."""
    s = w.state
    a: dict[str, QAction] = {}
    a["open_folder"] = _action(w, "Open &folder...", QKeySequence.StandardKey.Open,
                               lambda: w.opener.ask_folder(w))
    a["open_file"] = _action(w, "Open f&ile or zip...", "Ctrl+Shift+O",
                             lambda: w.opener.ask_file(w))
    a["quit"] = _action(w, "&Quit", QKeySequence.StandardKey.Quit, w.close)

    for number, name in enumerate(LAYOUTS, start=1):
        a[f"layout_{name}"] = _action(
            w, f"Layout {name.replace('x', ' x ')}", f"Alt+{number}",
            lambda _=False, n=name: s.set_layout(n), checkable=False)
    a["axial"] = _action(w, "T1 | T2 | STIR and the &axial", "X", w.show_axial, checkable=True,
                         tip="Show the study's axial series beside the three sequences")
    a["reference_lines"] = _action(w, "&Reference lines", "Y",
                                   lambda on: s.set_reference_lines(on), checkable=True,
                                   tip="Show where the other panels' images cut each image")
    a["all_reference_lines"] = _action(
        w, "Reference lines of every axial image", "Shift+Y",
        lambda on: s.set_reference_lines(s.reference_lines or on, on), checkable=True,
        tip="Draw the lines of all axial images at once, grouped by block")
    a["maximise"] = _action(w, "&Maximise panel / back", "M",
                            lambda: s.toggle_maximised(w.active.pane))
    a["next_panel"] = _action(w, "Next panel", QKeySequence.StandardKey.NextChild, w.active.next)
    a["zoom_in"] = _action(w, "Zoom &in", QKeySequence.StandardKey.ZoomIn,
                           lambda: s.set_zoom(w.active.pane, s.panes[w.active.pane].zoom * 1.25))
    a["zoom_out"] = _action(w, "Zoom &out", QKeySequence.StandardKey.ZoomOut,
                            lambda: s.set_zoom(w.active.pane, s.panes[w.active.pane].zoom / 1.25))
    a["fit"] = _action(w, "&Fit to window", "Ctrl+0", lambda: s.fit(w.active.pane))
    a["actual"] = _action(w, "&Actual pixels (1:1)", "Ctrl+1", w.active.actual_size)
    # Ctrl+Shift+Z is Redo
    a["sync_zoom"] = _action(w, "Zoom and pan panels together", "Ctrl+Alt+Z",
                             s.set_sync_zoom, checkable=True)
    a["captions"] = _action(w, "Show &captions", "K", s.set_captions_visible, checkable=True)
    a["phi"] = _action(w, "Show &patient name / ID / birth date", "Ctrl+Shift+P",
                       s.set_phi_visible, checkable=True)
    a["japanese"] = _action(w, "日本語 (Japanese words on images)", "Ctrl+J",
                            lambda on: s.set_language("ja" if on else "en"), checkable=True)
    a["full_screen"] = _action(w, "&Full screen", QKeySequence.StandardKey.FullScreen,
                               w.set_full_screen, checkable=True)
    # F11 everywhere, plus the platform's own full-screen keys
    keys = QKeySequence.keyBindings(QKeySequence.StandardKey.FullScreen)
    if QKeySequence("F11") not in keys:
        keys.append(QKeySequence("F11"))
    a["full_screen"].setShortcuts(keys)
    a["leave_full_screen"] = _action(w, "Leave full screen", "Esc",
                                     lambda: w.set_full_screen(False))

    a["next_slice"] = _pane_action(w, "Next slice", ["Down", "Right"], lambda: w.active.step(1))
    a["previous_slice"] = _pane_action(w, "Previous slice", ["Up", "Left"],
                                       lambda: w.active.step(-1))
    a["page_down"] = _pane_action(w, "Forward 5 slices", QKeySequence.StandardKey.MoveToNextPage,
                                  lambda: w.active.step(5))
    a["page_up"] = _pane_action(w, "Back 5 slices", QKeySequence.StandardKey.MoveToPreviousPage,
                                lambda: w.active.step(-5))
    a["first_slice"] = _pane_action(w, "First slice", "Home",
                                    lambda: w.active.go_to_end(first=True))
    a["last_slice"] = _pane_action(w, "Last slice", "End",
                                   lambda: w.active.go_to_end(first=False))
    a["link"] = _action(w, "&Link scrolling by position", "L", s.set_linked, checkable=True)

    a["wider"] = _action(w, "Wider window (softer)", "Shift+Right",
                         lambda: s.nudge_window(w.active.pane, 0.0, 0.1))
    a["narrower"] = _action(w, "Narrower window (more contrast)", "Shift+Left",
                            lambda: s.nudge_window(w.active.pane, 0.0, -0.1))
    a["brighter"] = _action(w, "Brighter (lower centre)", "Shift+Up",
                            lambda: s.nudge_window(w.active.pane, -0.05, 0.0))
    a["darker"] = _action(w, "Darker (higher centre)", "Shift+Down",
                          lambda: s.nudge_window(w.active.pane, 0.05, 0.0))
    a["next_preset"] = _action(w, "Next window &preset", "P", w.controls.next_preset)
    a["reset_window"] = _action(w, "&Reset window", "R", lambda: s.reset_window(w.active.pane))
    a["invert"] = _action(w, "&Invert grey scale", "I",
                          lambda: s.set_invert(w.active.pane, not s.panes[w.active.pane].invert))
    a["link_windows"] = _action(w, "Same window for panels of the same sequence", "Ctrl+Shift+W",
                                s.set_link_windows, checkable=True)

    a["crosshair"] = _action(w, "&Same spot (crosshair) tool", "C", w.set_crosshair_tool,
                             checkable=True, tip="Click a point: every panel shows the same spot")
    a["clear_crosshair"] = _action(w, "Clear same spot", "Shift+C",
                                   lambda: s.set_crosshair(None))
    a["choose_study"] = _action(w, "Choose &study...", "Ctrl+Shift+S", w.opener.choose_again)
    a.update(_annotation_actions(w))
    a["shortcuts"] = _action(w, "&Shortcuts", QKeySequence.StandardKey.HelpContents,
                             w.show_shortcuts)

    bar = w.menuBar()
    file_menu = bar.addMenu("&File")
    file_menu.addActions([a["open_folder"], a["open_file"]])
    recent = file_menu.addMenu("Open &recent")
    file_menu.addSeparator()
    file_menu.addAction(a["quit"])
    edit = bar.addMenu("&Edit")
    edit.addActions([a["undo"], a["redo"]])
    edit.addSeparator()
    edit.addActions([a["edit_annotation"], a["delete_annotation"]])
    view = bar.addMenu("&View")
    group = QActionGroup(w)
    for name in LAYOUTS:
        action = a[f"layout_{name}"]
        action.setCheckable(True)
        group.addAction(action)
        view.addAction(action)
    view.addActions([a["axial"], a["maximise"], a["next_panel"]])
    view.addSeparator()
    view.addActions([a["zoom_in"], a["zoom_out"], a["fit"], a["actual"], a["sync_zoom"]])
    view.addSeparator()
    view.addActions([a["captions"], a["show_annotations"], a["reference_lines"],
                     a["all_reference_lines"], a["phi"], a["japanese"], a["full_screen"]])
    view.addSeparator()
    panels = view.addMenu("Panels")
    slices = bar.addMenu("&Slices")
    slices.addActions([a[k] for k in ("next_slice", "previous_slice", "page_down", "page_up",
                                      "first_slice", "last_slice", "link")])
    window = bar.addMenu("&Window")
    window.addActions([a[k] for k in ("wider", "narrower", "brighter", "darker", "next_preset",
                                      "reset_window", "invert", "link_windows")])
    tools = bar.addMenu("&Tools")
    tools.addActions([a[f"tool_{name}"] for name in TOOLS])
    tools.addSeparator()
    tools.addActions([a["crosshair"], a["clear_crosshair"], a["choose_study"]])
    tool_bar = w.addToolBar("Annotation tools")
    tool_bar.setObjectName("Annotation tools")
    tool_bar.addActions([a[f"tool_{name}"] for name in TOOLS])
    tool_bar.addSeparator()
    tool_bar.addActions([a["undo"], a["redo"], a["delete_annotation"], a["show_annotations"]])
    help_menu = bar.addMenu("&Help")
    help_menu.addAction(a["shortcuts"])
    return a, Menus(recent, panels, tool_bar, file_menu, help_menu)


def sync_checks(actions: dict[str, QAction], state: ViewerState) -> None:
    """Tick the checkable actions as the state says (signals blocked: no loop back)."""
    for name, value in (("sync_zoom", state.sync_zoom), ("captions", state.captions_visible),
                        ("phi", state.phi_visible), ("japanese", state.language == "ja"),
                        ("full_screen", state.full_screen), ("link", state.linked),
                        ("link_windows", state.link_windows), (f"layout_{state.layout}", True),
                        ("reference_lines", state.reference_lines),
                        ("all_reference_lines", state.all_reference_lines),
                        ("axial", state.layout == "1x4")):
        with QSignalBlocker(actions[name]):
            actions[name].setChecked(value)


def _annotation_actions(w: MainWindow) -> dict[str, QAction]:
    """Annotation tools (one at a time), undo / redo, delete, edit text, show / hide all."""
    a: dict[str, QAction] = {}
    group = QActionGroup(w)
    group.setExclusive(True)
    for name, (text, key, tip) in TOOLS.items():
        action = _action(w, text, key, lambda on, n=name: on and w.viewer.tools.set_tool(n),
                         checkable=True, tip=tip)
        action.setToolTip(f"{tip} ({key})")
        group.addAction(action)
        a[f"tool_{name}"] = action
    a["tool_select"].setChecked(True)
    controller = w.viewer.annotations
    stack = controller.undo_stack
    a["undo"] = stack.createUndoAction(w, "&Undo")
    a["undo"].setShortcut(QKeySequence("Ctrl+Z"))
    a["redo"] = stack.createRedoAction(w, "&Redo")
    a["redo"].setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    for name in ("undo", "redo"):
        w.addAction(a[name])
    a["delete_annotation"] = _action(w, "&Delete annotation", ["Delete", "Backspace"],
                                     controller.remove_selected,
                                     tip="Delete the selected annotation (Ctrl+Z brings it back)")
    a["edit_annotation"] = _action(w, "Edit annotation &text...", "F2",
                                   lambda: w.annotation_commands.edit_text(controller.selected))
    a["show_annotations"] = _action(w, "Show &annotations", "H", controller.set_visible,
                                    checkable=True, tip="Show or hide every annotation")
    a["show_annotations"].setChecked(True)
    return a
