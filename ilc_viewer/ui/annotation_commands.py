"""The window's annotation commands: edit the words, go to an annotation, its menu, tools.

Everything here ends as calls on the annotation controller (undoable changes) or on the core
state (go to the slice an annotation is on).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QPoint, QSignalBlocker, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from ilc_viewer.annotations import level_names
from ilc_viewer.annotations.levels import make_rename
from ilc_viewer.annotations.model import ruler_unavailable_reason, slice_for
from ilc_viewer.ui.annotation_controller import EDIT_TEXT
from ilc_viewer.ui.annotation_panel import annotation_menu
from ilc_viewer.ui.annotation_tools import TOOLS
from ilc_viewer.ui.i18n import bind, say, translate
from ilc_viewer.ui.viewer import Viewer

#: Shows a message in the status bar for a number of milliseconds.
StatusMessage = Callable[[str, int], None]


class AnnotationCommands(QObject):
    """Edit text, go to, context menu and tool switching, for one window."""

    def __init__(self, viewer: Viewer, parent_widget: QWidget, status: StatusMessage,
                 active_pane: Callable[[], int]) -> None:
        super().__init__(parent_widget)
        self.viewer, self.parent_widget = viewer, parent_widget
        self.status, self.active_pane = status, active_pane
        self.actions: dict[str, QAction] = {}

    @property
    def controller(self):  # type: ignore[no-untyped-def]
        """The annotation controller."""
        return self.viewer.annotations

    def edit_text(self, annotation_id: str) -> None:
        """Double-click / Edit text: change the words of an annotation (undoable).

        A sticker left with its phrase's own words stays tied to the phrase, so it keeps
        following the language switch; an emptied sticker goes back to the phrase.
        """
        annotation = self.controller.annotations.get(annotation_id)
        if annotation is None:
            return
        if annotation.kind == "level":
            self.rename_level(annotation_id)
            return
        lang = self.viewer.state.language
        current = annotation.text or self.controller.text_of(annotation, lang) \
            if annotation.kind == "sticker" else annotation.text
        text = self.viewer.tools.ask_text(translate("AnnotationCommands", "Edit annotation"),
                                          translate("AnnotationCommands", "Text:"), current)
        if text is None:
            return
        text = text.strip()
        if annotation.kind == "sticker":
            phrase = self.controller.library.get(annotation.phrase_id)
            if phrase is not None and text in (phrase.label.en, phrase.label.ja):
                text = ""
        elif annotation.kind == "text" and not text:
            return  # a free text needs words; Delete removes it
        self.controller.update(annotation_id, what=EDIT_TEXT, text=text)

    def rename_level(self, annotation_id: str) -> None:
        """Give a spine level label another name (undoable); the others stay."""
        annotation = self.controller.annotations.get(annotation_id)
        if annotation is None:
            return
        tools = self.viewer.tools
        names = list(level_names.scale(tools.levels.transitional_l6))
        name = tools.ask_choice("Spine level", "Name this level:", names, annotation.text)
        if name is None or name == annotation.text:
            return
        try:
            change = make_rename(self.controller.annotations, annotation_id, name)
        except ValueError as exc:
            self.status(str(exc), 8000)
            return
        self.controller.push(change, f"rename level {annotation.text} to {name}")

    def go_to(self, annotation_id: str) -> None:
        """Show the slice an annotation is on, in the pane of the series it was made on."""
        annotation = self.controller.annotations.get(annotation_id)
        if annotation is None:
            return
        state = self.viewer.state
        panes = state.visible_panes
        own = [p for p in panes if state.panes[p].series is not None
               and state.panes[p].series.key == annotation.created_on.series_key]
        for pane in own + [p for p in [self.active_pane(), *panes] if p not in own]:
            series = state.panes[pane].series
            index = slice_for(annotation, series) if series is not None else None
            if index is not None:
                state.set_slice(pane, index)
                return
        self.status(translate("AnnotationCommands",
                              "This annotation is not on any series shown now."), 8000)

    def menu(self, annotation_id: str, where: QPoint) -> None:
        """The right-click menu of an annotation."""
        if annotation_id not in self.controller.annotations:
            # another program's annotation saved with the study: drawn, never changed here
            self.status(translate("AnnotationCommands", "This annotation was saved by another "
                                  "program with the study; it cannot be changed here."), 8000)
            return
        self.controller.select(annotation_id)
        annotation_menu(self.controller, annotation_id, self.edit_text,
                        self.parent_widget).exec(where)

    def on_tool(self, tool: str, panes: list) -> None:  # type: ignore[type-arg]
        """A tool was chosen: check its action, leave the crosshair tool, set the cursor."""
        action = self.actions.get(f"tool_{tool}")
        if action is not None and not action.isChecked():
            with QSignalBlocker(action):
                action.setChecked(True)
        crosshair = self.actions.get("crosshair")
        if tool != "select" and crosshair is not None and crosshair.isChecked():
            crosshair.setChecked(False)
        cursor = Qt.CursorShape.ArrowCursor if tool == "select" else Qt.CursorShape.CrossCursor
        for widget in panes:
            widget.view.cancel_drawing()
            widget.view.setCursor(cursor)

    def sync_ruler(self) -> None:
        """The ruler needs Pixel Spacing on the active pane: disabled, with the reason, if not."""
        action = self.actions.get("tool_ruler")
        if action is None:
            return
        series = self.viewer.state.panes[self.active_pane()].series
        reason = ruler_unavailable_reason(series) if series is not None else None
        action.setEnabled(reason is None)
        _text, key, words = TOOLS["ruler"]
        tip = translate("Tools", words)
        bind(action, statusTip=say(reason) if reason else tip,
             toolTip=say(reason) if reason else translate("Tools", "{tip} ({key})").format(
                 tip=tip, key=key))
        if reason and self.viewer.tools.tool == "ruler":
            self.status(translate("AnnotationCommands", "Ruler: {reason}").format(
                reason=reason), 10000)
