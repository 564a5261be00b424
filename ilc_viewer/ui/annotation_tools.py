"""Drawing new annotations with the mouse: the tool in use, the gesture, the finished change.

Gestures (left button, on the pane where the annotation belongs):

- sticker: click the spot (the label goes beside it), or press on the spot and drag to where
  the label should sit; the phrase is the one picked in the Annotations panel
- text: click where the text goes, then type it
- arrow: drag from the tail to the spot; circle / ellipse: drag across the box;
  ruler: drag from one end to the other
- angle: click one arm's end, the vertex, then the other arm's end

Points are image pixels (row, col) of the pane's slice; the scene draws the unfinished
drawing as a dashed preview. A finished gesture becomes one core annotation made with
:func:`ilc_viewer.annotations.model.from_pixels` on the pane's series and slice, pushed through
the controller (so it is undoable and saved at once).
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Signal

from ilc_viewer.annotations.levels import LevelTool
from ilc_viewer.annotations.model import (
    DEFAULT_COLOR,
    CreatedOn,
    anchoring_unavailable_reason,
    from_pixels,
    ruler_unavailable_reason,
)
from ilc_viewer.scene.panel import DrawingPreview
from ilc_viewer.study.model import Series
from ilc_viewer.ui.annotation_controller import AnnotationController, AskText
from ilc_viewer.ui.i18n import say, translate
from ilc_viewer.words.catalogue import message_of
from ilc_viewer.words.phrases import placement_warning

#: Tools in menu order: name -> (menu text, shortcut, what the status bar says).
TOOLS: dict[str, tuple[str, str, str]] = {
    "select": (QT_TRANSLATE_NOOP("Tools", "&Select / move"), "V",
               QT_TRANSLATE_NOOP("Tools", "Click an annotation to select it; drag to move it")),
    "sticker": (QT_TRANSLATE_NOOP("Tools", "S&ticker (explanation)"), "S",
                QT_TRANSLATE_NOOP("Tools", "Click the spot for the phrase chosen in the "
                                  "Annotations panel (or drag from the spot to where the label "
                                  "goes)")),
    "text": (QT_TRANSLATE_NOOP("Tools", "Free &text"), "T",
             QT_TRANSLATE_NOOP("Tools", "Click where the text goes")),
    "arrow": (QT_TRANSLATE_NOOP("Tools", "&Arrow"), "A",
              QT_TRANSLATE_NOOP("Tools", "Drag from the tail to the spot")),
    "ellipse": (QT_TRANSLATE_NOOP("Tools", "&Circle / ellipse"), "O",
                QT_TRANSLATE_NOOP("Tools", "Drag across the area to circle")),
    "ruler": (QT_TRANSLATE_NOOP("Tools", "&Ruler (mm)"), "D",
              QT_TRANSLATE_NOOP("Tools", "Drag from one end to the other")),
    "angle": (QT_TRANSLATE_NOOP("Tools", "An&gle"), "G",
              QT_TRANSLATE_NOOP("Tools", "Click one end, the vertex, then the other end")),
    "level": (QT_TRANSLATE_NOOP("Tools", "Spine &levels"), "E",
              QT_TRANSLATE_NOOP("Tools", "Click each disc (or vertebra) along the spine: the "
                                "first click gets the start you chose, each next one the next "
                                "level up or down")),
}
#: The starts the level tool offers, most usual first.
LEVEL_STARTS = ("L5/S1", "L4/5", "L3/4", "L2/3", "L1/2", "T12/L1", "S1", "L5", "L4", "L3", "L2",
                "L1", "T12")
#: Kinds drawn by dragging (a press and a release).
DRAGGED = ("sticker", "arrow", "ellipse", "ruler")
#: How far (screen pixels) the mouse must move for a press to count as a drag.
DRAG_PX = 3.0

Pixel = tuple[float, float]
#: Asks the user to choose: (title, label, items, current) -> the item chosen, or None.
AskChoice = Callable[[str, str, list[str], str], "str | None"]
ScreenPoint = tuple[float, float]


class Drawing:
    """One annotation being drawn on a pane: the image points so far and the mouse's point."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.points: list[Pixel] = []
        self.cursor: Pixel | None = None
        self.press_at: ScreenPoint | None = None

    def press(self, screen: ScreenPoint, pixel: Pixel) -> None:
        """Mouse down: a new point (or the start of a drag)."""
        self.press_at = screen
        self.points.append(pixel)
        self.cursor = pixel

    def move(self, pixel: Pixel) -> None:
        """Mouse moved: the preview follows."""
        self.cursor = pixel

    def release(self, screen: ScreenPoint, pixel: Pixel,
                beside: Callable[[ScreenPoint], Pixel]) -> list[Pixel] | None:
        """Mouse up: the finished points, [] for nothing drawn, None while it goes on.

        ``beside`` gives the image point where a clicked sticker's label goes.
        """
        dragged = self.press_at is not None and math.dist(screen, self.press_at) >= DRAG_PX
        if self.kind == "text":
            return self.points[:1]
        if self.kind == "sticker":
            return [self.points[0], pixel if dragged else beside(self.press_at or screen)]
        if self.kind in ("arrow", "ruler"):
            if not dragged:
                return []
            # an arrow's first point is its tip: where the drag ends
            return [pixel, self.points[0]] if self.kind == "arrow" else [self.points[0], pixel]
        if self.kind == "ellipse":
            if not dragged:
                return []
            (r0, c0), (r1, c1) = self.points[0], pixel
            return [((r0 + r1) / 2, (c0 + c1) / 2), (max(r0, r1), max(c0, c1))]
        if self.kind == "angle" and len(self.points) == 3:
            return list(self.points)
        return None

    def preview(self) -> DrawingPreview | None:
        """What the scene draws dashed meanwhile."""
        if not self.points or self.cursor is None:
            return None
        return DrawingPreview(self.kind, tuple(self.points), self.cursor)


class AnnotationTools(QObject):
    """The tool in use for every pane and what a finished drawing becomes."""

    toolChanged = Signal(str)
    status = Signal(str)  # a hint or a gentle warning for the status bar

    def __init__(self, controller: AnnotationController, ask_text: AskText,
                 language: Callable[[], str]) -> None:
        super().__init__(controller)
        self.controller, self.ask_text, self.language = controller, ask_text, language
        self.tool = "select"
        self.phrase_id = ""
        self.levels = LevelTool()
        #: Asks which level the first click names: (title, label, items, current) -> item or
        #: None; the window sets a dialog, tests a function.
        self.ask_choice: AskChoice = lambda title, label, items, current: current

    def set_tool(self, tool: str) -> None:
        """Choose a tool ("select", "sticker", ...); the level tool asks where it starts."""
        if tool not in TOOLS:
            raise ValueError(f"unknown tool {tool!r}")
        if tool == "level" and self.tool != "level":
            start = self.ask_choice("Spine levels", "The first click names:",
                                    list(LEVEL_STARTS), self.levels.start)
            if start is None:
                self.toolChanged.emit(self.tool)  # the previous tool stays (and its action)
                return
            self.levels.choose_start(start)
        if tool != self.tool:
            self.tool = tool
            self.toolChanged.emit(tool)
        self.status.emit(translate("Tools", TOOLS[tool][2]))

    def study_opened(self) -> None:
        """Another study: the level tool starts afresh."""
        self.levels = LevelTool(self.levels.start, self.levels.transitional_l6)

    def place_level(self, series: Series, point: tuple[float, float, float]) -> None:
        """A click of the level tool at a patient point: the next level label (undoable)."""
        created_on = CreatedOn(series.key, series.sequence, series.frame_of_reference_uid)
        change = self.levels.make_click(point, self.controller.annotations, created_on)
        if change is None:
            self.status.emit("No level name fits there (a label is already close by, or the "
                             "levels above and below leave none between them).")
            return
        name = (change.after or change.before).text  # type: ignore[union-attr]
        self.controller.push(change, f"label {name}")
        self.controller.select(change.annotation_id)

    def set_phrase(self, phrase_id: str) -> None:
        """The phrase the sticker tool places; choosing one switches to the sticker tool."""
        self.phrase_id = phrase_id
        if phrase_id:
            self.set_tool("sticker")

    def refusal(self, series: Series | None) -> str | None:
        """Why the current tool cannot draw on a pane showing ``series``, or ``None``."""
        if series is None:
            return translate("Tools", "Show a series in this panel first.")
        if self.tool == "ruler":
            reason = ruler_unavailable_reason(series)
            return say(reason) if reason else None
        if self.tool == "level" and series.geometry is None:
            return translate("Tools", "Spine levels are placed on MRI, where images have a "
                                      "position in the body; this picture has none.")
        reason = anchoring_unavailable_reason(series)
        if reason is None and self.tool == "sticker" and not self.controller.library.get(
                self.phrase_id):
            return translate("Tools", "Choose a phrase in the Annotations panel first, then "
                             "click the spot.")
        return say(reason) if reason else None

    def finish(self, series: Series | None, slice_index: int, kind: str,
               pixels: list[Pixel]) -> None:
        """Turn a finished drawing into an annotation on the pane's slice."""
        if series is None or not pixels:
            if kind in DRAGGED and kind != "sticker":
                self.status.emit(translate("Tools", TOOLS[kind][2]))  # a click draws nothing
            return
        fields: dict[str, object] = {"color": DEFAULT_COLOR}
        lang = self.language()
        if kind == "sticker":
            phrase = self.controller.library.get(self.phrase_id)
            if phrase is None:
                return
            fields = {"phrase_id": phrase.id, "color": phrase.color}
            warning = placement_warning(phrase, series.sequence, lang)
            if warning:
                self.status.emit(warning)
        elif kind == "text":
            text = self.ask_text(translate("Tools", "Free text"),
                                 translate("Tools", "Text on the image:"), "")
            if not text or not text.strip():
                return
            fields["text"] = text.strip()
        try:
            annotation = from_pixels(kind, pixels, series, slice_index, **fields)
        except ValueError as exc:
            self.status.emit(say(message_of(exc)))
            return
        self.controller.add(annotation)
