"""The window's actions and menus: every command on the keyboard with standard shortcuts.

:func:`build_actions` creates them on a main window and returns them with the menus other
parts fill later (recent studies, panels); it sets nothing on the window.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QUndoStack
from PySide6.QtWidgets import QMenu, QMenuBar, QToolBar

from ilc_viewer.open_study.viewer_state import LAYOUTS, ViewerState
from ilc_viewer.ui import help_menu as help_dialogs
from ilc_viewer.ui.annotation_tools import TOOLS
from ilc_viewer.ui.i18n import bind, translate
from ilc_viewer.words.catalogue import LANGUAGE_NAMES

if TYPE_CHECKING:
    from ilc_viewer.ui.main_window import MainWindow

Keys = QKeySequence.StandardKey | str | list[str] | None


def _action(window: MainWindow, text: str, keys: Keys, slot: Callable[..., object],
            checkable: bool = False, tip: str = "") -> QAction:
    action = QAction(window)
    bind(action, text=text)
    if isinstance(keys, list):
        action.setShortcuts([QKeySequence(k) for k in keys])
    elif keys is not None:
        action.setShortcut(QKeySequence(keys))
    action.setCheckable(checkable)
    if tip:
        bind(action, statusTip=tip)
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


def _menu(parent: QMenuBar | QMenu, title: str) -> QMenu:
    """A menu under ``parent`` whose title follows the language."""
    menu = parent.addMenu("")  # a child of ``parent``: found when retranslating
    bind(menu, title=title)
    return menu


def undo_texts(actions: dict[str, QAction], stack: QUndoStack) -> None:
    """Undo / Redo with what they would undo ("Undo add sticker"), in the window's language;
    also run after a language switch."""
    if not shiboken6.isValid(stack) or not shiboken6.isValid(actions["undo"]):
        return  # the window is closing
    for name, can, what in (("undo", stack.canUndo(), stack.undoText()),
                            ("redo", stack.canRedo(), stack.redoText())):
        action = actions[name]
        action.setEnabled(can)
        if name == "undo":
            text = translate("Actions", "&Undo {what}").format(what=what) if what else translate(
                "Actions", "&Undo")
        else:
            text = translate("Actions", "&Redo {what}").format(what=what) if what else translate(
                "Actions", "&Redo")
        action.setText(text.strip())


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
    a["open_folder"] = _action(w, translate("Actions", "Open &folder..."),
                               QKeySequence.StandardKey.Open,
                               lambda: w.opener.ask_folder(w))
    a["open_file"] = _action(w, translate("Actions", "Open f&ile or zip..."), "Ctrl+Shift+O",
                             lambda: w.opener.ask_file(w))
    a["quit"] = _action(w, translate("Actions", "&Quit"), QKeySequence.StandardKey.Quit, w.close)

    for number, name in enumerate(LAYOUTS, start=1):
        rows, columns = name.split("x")
        a[f"layout_{name}"] = _action(
            w, translate("Actions", "Layout {rows} x {columns}").format(rows=rows, columns=columns),
            f"Alt+{number}", lambda _=False, n=name: s.set_layout(n), checkable=False)
    a["axial"] = _action(w, translate("Actions", "T1 | T2 | STIR and the &axial"), "X",
                         w.show_axial, checkable=True,
                         tip=translate("Actions", "Show the study's axial series beside the "
                                                  "three sequences"))
    a["reference_lines"] = _action(
        w, translate("Actions", "&Reference lines"), "Y", lambda on: s.set_reference_lines(on),
        checkable=True,
        tip=translate("Actions", "Show where the other panels' images cut each image"))
    a["all_reference_lines"] = _action(
        w, translate("Actions", "Reference lines of every axial image"), "Shift+Y",
        lambda on: s.set_reference_lines(s.reference_lines or on, on), checkable=True,
        tip=translate("Actions", "Draw the lines of all axial images at once, grouped by block"))
    a["maximise"] = _action(w, translate("Actions", "&Maximise panel / back"), "M",
                            lambda: s.toggle_maximised(w.active.pane))
    a["next_panel"] = _action(w, translate("Actions", "Next panel"),
                              QKeySequence.StandardKey.NextChild, w.active.next)
    a["zoom_in"] = _action(w, translate("Actions", "Zoom &in"), QKeySequence.StandardKey.ZoomIn,
                           lambda: s.set_zoom(w.active.pane, s.panes[w.active.pane].zoom * 1.25))
    a["zoom_out"] = _action(w, translate("Actions", "Zoom &out"), QKeySequence.StandardKey.ZoomOut,
                            lambda: s.set_zoom(w.active.pane, s.panes[w.active.pane].zoom / 1.25))
    a["fit"] = _action(w, translate("Actions", "&Fit to window"),
                       "Ctrl+0", lambda: s.fit(w.active.pane))
    a["fill_panels"] = _action(
        w, translate("Actions", "Fill the panels (crop the sides)"), "Shift+F",
        w.set_fill_panels, checkable=True,
        tip=translate("Actions", "Images cover each panel; off: the whole anatomy fits"))
    a["actual"] = _action(w, translate("Actions", "&Actual pixels (1:1)"), "Ctrl+1",
                          w.active.actual_size)
    # Ctrl+Shift+Z is Redo
    a["sync_zoom"] = _action(w, translate("Actions", "Zoom and pan panels together"), "Ctrl+Alt+Z",
                             s.set_sync_zoom, checkable=True)
    a["captions"] = _action(w, translate("Actions", "Show &captions"),
                            "K", s.set_captions_visible, checkable=True)
    a["phi"] = _action(w, translate("Actions", "Show &patient name / ID / birth date"),
                       "Ctrl+Shift+P",
                       s.set_phi_visible, checkable=True)
    # each language named in its own words, never translated: found whatever is on screen
    a["english"] = _action(w, LANGUAGE_NAMES["en"], None,
                           lambda on: on and s.set_language("en"), checkable=True)
    a["japanese"] = _action(w, LANGUAGE_NAMES["ja"], None,
                            lambda on: on and s.set_language("ja"), checkable=True)
    a["switch_language"] = _action(
        w, translate("Actions", "Switch language (English / 日本語)"), "Ctrl+J",
        lambda: s.set_language("en" if s.language == "ja" else "ja"))
    a["full_screen"] = _action(w, translate("Actions", "&Full screen"),
                               QKeySequence.StandardKey.FullScreen,
                               w.set_full_screen, checkable=True)
    # F11 everywhere, plus the platform's own full-screen keys
    keys = QKeySequence.keyBindings(QKeySequence.StandardKey.FullScreen)
    if QKeySequence("F11") not in keys:
        keys.append(QKeySequence("F11"))
    a["full_screen"].setShortcuts(keys)
    a["explain"] = _action(w, translate("Actions", "&Explain mode"), "F5", w.explain.start,
                           tip=translate("Actions", "Walk the patient through their own "
                                                    "findings, full screen, in large words"))
    a["leave_full_screen"] = _action(w, translate("Actions", "Leave full screen"), "Esc",
                                     lambda: w.set_full_screen(False))

    a["next_slice"] = _pane_action(w, translate("Actions", "Next slice"),
                                   ["Down", "Right"], lambda: w.active.step(1))
    a["previous_slice"] = _pane_action(w, translate("Actions", "Previous slice"),
                                       ["Up", "Left"], lambda: w.active.step(-1))
    a["page_down"] = _pane_action(w, translate("Actions", "Forward 5 slices"),
                                  QKeySequence.StandardKey.MoveToNextPage,
                                  lambda: w.active.step(5))
    a["page_up"] = _pane_action(w, translate("Actions", "Back 5 slices"),
                                QKeySequence.StandardKey.MoveToPreviousPage,
                                lambda: w.active.step(-5))
    a["first_slice"] = _pane_action(w, translate("Actions", "First slice"),
                                    "Home", lambda: w.active.go_to_end(first=True))
    a["last_slice"] = _pane_action(w, translate("Actions", "Last slice"),
                                   "End", lambda: w.active.go_to_end(first=False))
    a["link"] = _action(w, translate("Actions", "&Link scrolling by position"),
                        "L", s.set_linked, checkable=True)
    a["play"] = _pane_action(w, translate("Actions", "Play / pause the clip"), "Space",
                             lambda: w.grid.panes[w.active.pane].cine.toggle())

    a["wider"] = _action(w, translate("Actions", "Wider window (softer)"), "Shift+Right",
                         lambda: s.nudge_window(w.active.pane, 0.0, 0.1))
    a["narrower"] = _action(w, translate("Actions", "Narrower window (more contrast)"),
                            "Shift+Left",
                            lambda: s.nudge_window(w.active.pane, 0.0, -0.1))
    a["brighter"] = _action(w, translate("Actions", "Brighter (lower centre)"), "Shift+Up",
                            lambda: s.nudge_window(w.active.pane, -0.05, 0.0))
    a["darker"] = _action(w, translate("Actions", "Darker (higher centre)"), "Shift+Down",
                          lambda: s.nudge_window(w.active.pane, 0.05, 0.0))
    a["next_preset"] = _action(w, translate("Actions", "Next window &preset"),
                               "P", w.controls.next_preset)
    a["reset_window"] = _action(w, translate("Actions", "&Reset window"),
                                "R", lambda: s.reset_window(w.active.pane))
    a["invert"] = _action(w, translate("Actions", "&Invert grey scale"), "I",
                          lambda: s.set_invert(w.active.pane, not s.panes[w.active.pane].invert))
    a["link_windows"] = _action(
        w, translate("Actions", "Same window for panels of the same sequence"), "Ctrl+Shift+W",
        s.set_link_windows, checkable=True)

    a["crosshair"] = _action(w, translate("Actions", "&Same spot (crosshair) tool"),
                             "C", w.set_crosshair_tool,
                             checkable=True, tip=translate(
                                 "Actions", "Click a point: every panel shows the same spot"))
    a["clear_crosshair"] = _action(w, translate("Actions", "Clear same spot"), "Shift+C",
                                   lambda: s.set_crosshair(None))
    a["choose_study"] = _action(w, translate("Actions", "Choose &study..."),
                                "Ctrl+Shift+S", w.opener.choose_again)
    a.update(_annotation_actions(w))
    a["guide"] = _action(w, translate("Actions", "&User guide"),
                         QKeySequence.StandardKey.HelpContents, lambda: help_dialogs.show_guide(w))
    a["shortcuts"] = _action(w, translate("Actions", "&Keyboard and mouse shortcuts"),
                             "Ctrl+F1", lambda: help_dialogs.show_shortcuts(w))
    a["about"] = _action(w, translate("Actions", "&About ILC Viewer"), None,
                         lambda: help_dialogs.show_about(w))

    bar = w.menuBar()
    file_menu = _menu(bar, translate("Menus", "&File"))
    file_menu.addActions([a["open_folder"], a["open_file"]])
    recent = _menu(file_menu, translate("Menus", "Open &recent"))
    file_menu.addSeparator()
    file_menu.addAction(a["quit"])
    edit = _menu(bar, translate("Menus", "&Edit"))
    edit.addActions([a["undo"], a["redo"]])
    edit.addSeparator()
    edit.addActions([a["edit_annotation"], a["delete_annotation"]])
    view = _menu(bar, translate("Menus", "&View"))
    group = QActionGroup(w)
    for name in LAYOUTS:
        action = a[f"layout_{name}"]
        action.setCheckable(True)
        group.addAction(action)
        view.addAction(action)
    view.addActions([a["axial"], a["maximise"], a["next_panel"]])
    view.addSeparator()
    view.addActions([a["zoom_in"], a["zoom_out"], a["fit"], a["fill_panels"], a["actual"],
                     a["sync_zoom"]])
    view.addSeparator()
    view.addActions([a["captions"], a["show_annotations"], a["reference_lines"],
                     a["all_reference_lines"], a["phi"], a["full_screen"], a["explain"]])
    view.addSeparator()
    languages = _menu(view, translate("Menus", "&Language"))
    language_group = QActionGroup(w)
    for name in ("english", "japanese"):
        language_group.addAction(a[name])
        languages.addAction(a[name])
    languages.addSeparator()
    languages.addAction(a["switch_language"])
    panels = _menu(view, translate("Menus", "Panels"))
    slices = _menu(bar, translate("Menus", "&Slices"))
    slices.addActions([a[k] for k in ("next_slice", "previous_slice", "page_down", "page_up",
                                      "first_slice", "last_slice", "link", "play")])
    window = _menu(bar, translate("Menus", "&Window"))
    window.addActions([a[k] for k in ("wider", "narrower", "brighter", "darker", "next_preset",
                                      "reset_window", "invert", "link_windows")])
    tools = _menu(bar, translate("Menus", "&Tools"))
    tools.addActions([a[f"tool_{name}"] for name in TOOLS])
    tools.addSeparator()
    tools.addActions([a["crosshair"], a["clear_crosshair"], a["choose_study"]])
    tool_bar = w.addToolBar("")
    bind(tool_bar, windowTitle=translate("Menus", "Annotation tools"))
    tool_bar.setObjectName("Annotation tools")
    tool_bar.addActions([a[f"tool_{name}"] for name in TOOLS])
    tool_bar.addSeparator()
    tool_bar.addActions([a["undo"], a["redo"], a["delete_annotation"], a["show_annotations"]])
    tool_bar.addSeparator()
    tool_bar.addAction(a["explain"])
    help_menu = _menu(bar, translate("Menus", "&Help"))
    help_menu.addActions([a["guide"], a["shortcuts"], a["about"]])
    return a, Menus(recent, panels, tool_bar, file_menu, help_menu)


def sync_checks(actions: dict[str, QAction], state: ViewerState) -> None:
    """Tick the checkable actions as the state says (signals blocked: no loop back; the
    layout group cannot untick the others then, so every layout is set)."""
    for name, value in (("sync_zoom", state.sync_zoom), ("captions", state.captions_visible),
                        ("phi", state.phi_visible), ("japanese", state.language == "ja"),
                        ("english", state.language == "en"),
                        ("full_screen", state.full_screen), ("link", state.linked),
                        ("link_windows", state.link_windows),
                        *((f"layout_{name}", state.layout == name) for name in LAYOUTS),
                        ("reference_lines", state.reference_lines),
                        ("all_reference_lines", state.all_reference_lines),
                        ("axial", state.layout == "1x4"),
                        ("fill_panels", state.fill_panels)):
        with QSignalBlocker(actions[name]):
            actions[name].setChecked(value)


def _annotation_actions(w: MainWindow) -> dict[str, QAction]:
    """Annotation tools (one at a time), undo / redo, delete, edit text, show / hide all."""
    a: dict[str, QAction] = {}
    group = QActionGroup(w)
    group.setExclusive(True)
    for name, (text, key, tip) in TOOLS.items():
        action = _action(w, translate("Tools", text), key,
                         lambda on, n=name: on and w.viewer.tools.set_tool(n),
                         checkable=True, tip=translate("Tools", tip))
        bind(action, toolTip=translate("Tools", "{tip} ({key})").format(
            tip=translate("Tools", tip), key=key))
        group.addAction(action)
        a[f"tool_{name}"] = action
    a["tool_select"].setChecked(True)
    controller = w.viewer.annotations
    stack = controller.undo_stack
    a["undo"] = QAction(w)
    a["undo"].setShortcut(QKeySequence("Ctrl+Z"))
    a["undo"].triggered.connect(stack.undo)
    a["redo"] = QAction(w)
    a["redo"].setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    a["redo"].triggered.connect(stack.redo)
    for name in ("undo", "redo"):
        w.addAction(a[name])
    for signal in (stack.indexChanged, stack.canUndoChanged, stack.canRedoChanged):
        signal.connect(lambda *_: undo_texts(a, stack))
    undo_texts(a, stack)
    a["delete_annotation"] = _action(w, translate("Actions", "&Delete annotation"),
                                     ["Delete", "Backspace"],
                                     controller.remove_selected,
                                     tip=translate("Actions", "Delete the selected annotation "
                                                   "(Ctrl+Z brings it back)"))
    a["edit_annotation"] = _action(w, translate("Actions", "Edit annotation &text..."), "F2",
                                   lambda: w.annotation_commands.edit_text(controller.selected))
    a["show_annotations"] = _action(w, translate("Actions", "Show &annotations"),
                                    "H", controller.set_visible,
                                    checkable=True,
                                    tip=translate("Actions", "Show or hide every annotation"))
    a["show_annotations"].setChecked(True)
    return a
