"""Build the scene of one pane: (open study, pane, output size) -> picture and overlays.

This is where every overlay of a panel is decided, for the window and every export alike:
the windowed picture framed by the pane's zoom and centre, the title and slice line, the link
note, orientation letters, the scale bar, the "same spot" mark, the annotations with their
labels laid out (:mod:`ilc_viewer.scene.annotations`), the patient's identity (only when
asked), the disclaimer (exports) and the plain-language caption band. The words come from
:mod:`ilc_viewer.words.overlay_text`.

Text sizes follow the panel: a base size of 1/30 of its smaller extent, kept between 14 and
28 pixels times ``text_scale`` (the screen's text scale, or the export's scale), larger in
presentation mode and on the printed handout (``emphasis``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from ilc_viewer.annotations.levels import image_level
from ilc_viewer.annotations.model import Annotation, display_text, to_pixels, visible_on
from ilc_viewer.open_study.opened import OpenStudy
from ilc_viewer.open_study.viewer_state import flat_geometry
from ilc_viewer.scene import annotations as annotation_layer
from ilc_viewer.scene import text as fonts
from ilc_viewer.scene.primitives import (
    CAPTION_TEXT,
    HALO,
    MARK,
    NOTE,
    WHITE,
    Box,
    Ellipse,
    Line,
    Picture,
    Rect,
    Scene,
    Text,
)
from ilc_viewer.scene.references import draw_level_marks, draw_reference_lines, pane_mark
from ilc_viewer.scene.viewport import Viewport
from ilc_viewer.words import overlay_text

#: Base text size bounds (pixels at text scale 1) and the share of the panel it follows.
#: The screen never goes below 14 pixels; a picture exported at the images' own small size
#: may (EXPORT_MIN_BASE), so the words do not cover the anatomy of a 256-pixel image.
MIN_BASE, MAX_BASE, BASE_SHARE = 14.0, 28.0, 1 / 30
EXPORT_MIN_BASE = 9.0
#: Presentation mode (full screen) enlarges the words by this much.
PRESENTATION_SCALE = 1.3
#: The caption band covers at most this share of the pane's height: in a narrow pane (three
#: side by side on a 1366x768 screen) the full-screen caption would otherwise hide the spine.
CAPTION_SHARE = 0.3
MUTED = (200, 200, 200, 255)


@dataclass(frozen=True)
class DrawingPreview:
    """An annotation being drawn: its kind, the image points so far and the mouse's point."""

    kind: str
    points: tuple[tuple[float, float], ...]
    cursor: tuple[float, float]


@dataclass(frozen=True)
class SceneOptions:
    """What to draw. ``None`` means "as the viewer state says" (language, captions, ...)."""

    lang: str | None = None
    captions: bool | None = None
    presentation: bool | None = None
    show_patient: bool | None = None
    header: bool = True
    disclaimer: bool = False
    #: The screen's text scale (large fonts on a 4K screen) or an export's scale.
    text_scale: float = 1.0
    #: The smallest base text size in pixels (times ``text_scale``).
    min_text: float = MIN_BASE
    #: Larger words on top of that (the printed handout).
    emphasis: float = 1.0
    #: Annotation id -> number: the number is drawn instead of the words (the handout lists
    #: what the numbers mean under the pictures).
    numbers: Mapping[str, int] | None = None
    #: The selected annotation: drawn with handles.
    selected: str = ""
    #: Annotations shown in place of the saved ones (a drag being previewed).
    overrides: Mapping[str, Annotation] | None = None
    drawing: DrawingPreview | None = None
    #: Annotations to draw; ``None``: the study's shown annotations.
    annotations: tuple[Annotation, ...] | None = None
    #: The annotation Explain mode points at: every other one is drawn dimmed ("": none).
    focus: str = ""
    #: The slice line under the title (slice number, position, level); off in Explain mode.
    slice_line: bool = True
    #: Reference lines of the other panes (off where those panes are not shown beside it).
    references: bool = True


def base_size(width: float, height: float, text_scale: float = 1.0,
              presentation: bool = False, min_text: float = MIN_BASE) -> float:
    """The panel's base text size in pixels (see the module docstring)."""
    size = max(min_text * text_scale, min(MAX_BASE * text_scale,
                                          min(width, height * 1.4) * BASE_SHARE))
    return size * (PRESENTATION_SCALE if presentation else 1.0)


def build_scene(opened: OpenStudy, pane: int, size: tuple[int, int],
                options: SceneOptions | None = None) -> Scene:
    """The scene of pane ``pane`` drawn at ``size`` = (width, height) output pixels."""
    options = options or SceneOptions()
    return _Builder(opened, pane, size, options).build()


def picture_of(opened: OpenStudy, pane: int, view: Viewport) -> Picture | None:
    """The pane's windowed picture placed by ``view`` (None when it cannot be shown).

    A window/level change alters only this part of a scene; the window swaps it in.
    """
    pixels = opened.picture(pane)
    if pixels is None:
        return None
    return Picture(pixels, *view.picture_transform(), smooth=view.smooth)


class _Builder:
    def __init__(self, opened: OpenStudy, pane: int, size: tuple[int, int],
                 options: SceneOptions) -> None:
        state = opened.state
        self.opened, self.pane, self.options = opened, pane, options
        self.ps = state.panes[pane]
        self.w, self.h = int(size[0]), int(size[1])
        self.scene = Scene(self.w, self.h)
        self.lang = options.lang or state.language
        self.presentation = state.full_screen if options.presentation is None \
            else options.presentation
        self.captions = state.captions_visible if options.captions is None else options.captions
        self.show_patient = state.phi_visible if options.show_patient is None \
            else options.show_patient
        self.k = options.text_scale
        self.base = base_size(self.w, self.h, self.k, self.presentation,
                              options.min_text) * options.emphasis
        self.m = self.base * 0.6

    # ----- text -------------------------------------------------------------------------------
    def text(self, x: float, top: float, words: str, scale: float = 1.0, colour=WHITE,
             bold: bool = False, outline: bool = True, align: str = "left",
             key: str = "") -> Box:
        """One line whose top is at ``top``; ``align`` left, right or centre about ``x``."""
        size = fonts.pixel_size(self.base * scale)
        advance = fonts.width(words, size)
        if align == "right":
            x -= advance
        elif align == "centre":
            x -= advance / 2
        stroke = max(1, round(size / 12)) if outline else 0
        thick = fonts.bold_stroke(words, size) if bold else 0.0
        extra = stroke + thick
        box = (x - extra, top, x + advance + extra, top + fonts.line_height(size))
        self.scene.add(Text(x, top + fonts.ascent(size), words, size, colour, float(stroke),
                            float(thick), box))
        if key:
            self.scene.boxes[key] = box
        return box

    def line_height(self, scale: float = 1.0) -> float:
        return fonts.line_height(fonts.pixel_size(self.base * scale))

    # ----- the panel --------------------------------------------------------------------------
    def build(self) -> Scene:
        series = self.ps.series
        if series is None or not self.ps.slice_count:
            self.empty()
            return self.scene
        geometry = self.ps.geometry or flat_geometry(series)
        view = Viewport.fit(geometry, (self.w, self.h), self.ps.zoom, self.ps.centre,
                            self.ps.slice_index)
        self.scene.view = view
        picture = picture_of(self.opened, self.pane, view)
        if picture is not None:
            self.scene.picture = picture
            self.scene.boxes["image"] = view.image_box()
        band = self.caption_band_height()
        bar = self.scale_bar_layout(view, band)
        if series.geometry is not None:
            if self.options.references:
                draw_reference_lines(self.scene, self.opened, self.pane, view, self.k,
                                     self.lang)
            draw_level_marks(self.scene, self.opened, self.pane, view, self.k, self.base,
                             self.options.overrides)
            self.annotations(view, band, bar)
            self.crosshair(view)
        header_bottom = self.header() if self.options.header else self.m * 0.5
        if picture is None:
            self.failure(self.opened.failure(self.pane) or "")
        if series.geometry is not None:
            self.letters(header_bottom, band)
        self.scale_bar(bar)
        y = self.m * 0.5
        if self.show_patient:
            for line in overlay_text.patient_lines(self.opened.state.patient, self.lang):
                box = self.text(self.w - self.m, y, line, align="right", key="patient")
                y = box[3]
        if self.options.disclaimer:
            self.text(self.w - self.m, y, overlay_text.disclaimer(self.lang), 0.7, MUTED,
                      align="right", key="disclaimer")
        if self.captions:
            self.caption(band)
        return self.scene

    def empty(self) -> None:
        lines = [overlay_text.tr("empty_pane", self.lang)]
        missing = self.opened.missing.get(self.pane)
        if missing:
            lines.insert(0, overlay_text.tr("no_sequence", self.lang, sequence=missing))
        self.centred(lines, 1.1, WHITE)

    def failure(self, reason: str) -> None:
        message = overlay_text.tr("decode_failed", self.lang, reason=reason)
        self.scene.notes.append(message)
        size = fonts.pixel_size(self.base * 0.9)
        self.centred(fonts.wrap_at(message, self.w * 0.8, size), 0.9, NOTE)

    def centred(self, lines: Sequence[str], scale: float, colour) -> None:
        height = self.line_height(scale)
        y = self.h / 2 - height * len(lines) / 2
        for line in lines:
            self.text(self.w / 2, y, line, scale, colour, align="centre", key="message")
            y += height

    def header(self) -> float:
        """Sequence and plane, slice number and position, the link note; returns its bottom."""
        series = self.ps.series
        assert series is not None
        y = self.m * 0.5
        x = self.m
        state = self.opened.state
        if state.reference_lines and len(state.visible_panes) > 1:
            x = pane_mark(self.scene, self.pane, x, y, self.line_height(1.25), self.k)
        y = self.text(x, y, overlay_text.title_line(series, self.lang), 1.25, bold=True,
                      key="title")[3]
        if self.options.slice_line:
            level = image_level(series, self.ps.slice_index,
                                self.opened.annotations.annotations.snapshot())
            y = self.text(self.m, y, overlay_text.slice_line(self.ps, self.lang, level=level),
                          key="slice")[3]
        note = overlay_text.link_note(self.ps, self.lang)
        if note:
            y = self.text(self.m, y, note, colour=NOTE, bold=True, key="link_note")[3]
        return y

    def letters(self, header_bottom: float, band: float) -> None:
        """Which side of the patient lies at each edge."""
        geometry = self.ps.geometry
        assert geometry is not None
        edges = overlay_text.orientation_letters(geometry, self.lang, self.ps.slice_index)
        h = self.line_height(1.2)
        mid = self.h / 2 - h / 2
        self.text(self.m * 0.5, mid, edges.left, 1.2, bold=True, key="letter_left")
        self.text(self.w - self.m * 0.5, mid, edges.right, 1.2, bold=True, align="right",
                  key="letter_right")
        self.text(self.w / 2, header_bottom + self.m * 0.2, edges.top, 1.2, bold=True,
                  align="centre", key="letter_top")
        bottom = self.h - band - h - self.m * 0.5 if band else self.h - h - self.m * 0.5
        self.text(self.w / 2, bottom, edges.bottom, 1.2, bold=True, align="centre",
                  key="letter_bottom")

    # ----- scale bar --------------------------------------------------------------------------
    def scale_bar_layout(self, view: Viewport, band: float
                         ) -> tuple[float, float, float, int, Box] | None:
        """(x, top, bottom, cm, box) of the scale bar, or None when none fits."""
        geometry = self.ps.geometry
        if geometry is None or view.px_per_mm <= 0:
            return None
        caption = band - self.m * 0.5 if band else 0.0
        bottom = self.h - self.m - caption - self.line_height() * 1.5
        letter_bottom = self.h / 2 + self.line_height(1.2) / 2
        room = min(self.h * 0.35, bottom - letter_bottom - self.m * 0.5)
        cm = overlay_text.scale_bar_cm(view.px_per_mm, room)
        if cm == 0:
            return None
        length = cm * 10 * view.px_per_mm
        x = self.w - self.m * 1.2
        label = overlay_text.scale_bar_label(cm, geometry.spacing_known, self.lang)
        words = fonts.width(label, fonts.pixel_size(self.base * 0.9)) + 8 * self.k
        box = (x - max(words, 12 * self.k), bottom - length - 6 * self.k, float(self.w),
               bottom + 6 * self.k + self.line_height(0.9))
        return x, bottom - length, bottom, cm, box

    def scale_bar(self, bar: tuple[float, float, float, int, Box] | None) -> None:
        """A bar of 1, 2, 5 or 10 cm at the right edge, labelled in cm."""
        geometry = self.ps.geometry
        if bar is None or geometry is None:
            return
        x, top, bottom, cm, box = bar
        k = self.k
        self.scene.boxes["scale_bar"] = box
        for points in (((x, top), (x, bottom)), ((x - 6 * k, top), (x + k, top)),
                       ((x - 6 * k, bottom), (x + k, bottom))):
            self.scene.add(Line(points, WHITE, 2.0 * k, 3.0 * k))
        label = overlay_text.scale_bar_label(cm, geometry.spacing_known, self.lang)
        self.text(x, bottom + 4 * k, label, 0.9, align="right", key="scale_label")

    # ----- marks -------------------------------------------------------------------------------
    def crosshair(self, view: Viewport) -> None:
        """The "same spot" mark where the crosshair point lies on this slice."""
        pixel = self.opened.state.crosshair_pixel(self.pane)
        if pixel is None:
            return
        cx, cy = view.to_output(*pixel)
        arm = self.base * 1.2
        k = self.k
        self.scene.add(Ellipse((cx, cy), arm * 0.45, arm * 0.45, MARK, 2.0 * k, 2.0 * k))
        for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1)):
            self.scene.add(Line(((cx + dx * arm * 0.6, cy + dy * arm * 0.6),
                                 (cx + dx * arm * 1.2, cy + dy * arm * 1.2)), MARK, 2.0 * k,
                                2.0 * k))
        self.scene.boxes["crosshair"] = (cx - arm, cy - arm, cx + arm, cy + arm)

    def annotations(self, view: Viewport, band: float,
                    bar: tuple[float, float, float, int, Box] | None) -> None:
        series = self.ps.series
        assert series is not None and series.geometry is not None
        geometry = series.geometry
        options = self.options
        library = self.opened.library
        chosen = options.annotations if options.annotations is not None \
            else tuple(self.opened.annotations.shown())
        on_slice = [a for a in chosen if visible_on(a, series, self.ps.slice_index)]

        def points_of(annotation: Annotation) -> list[tuple[float, float]]:
            return [view.to_output(r, c)
                    for r, c in to_pixels(annotation, geometry, self.ps.slice_index)]

        def text_of(annotation: Annotation) -> str:
            if options.numbers is not None and annotation.id in options.numbers:
                return str(options.numbers[annotation.id])
            return display_text(annotation, library, self.lang)

        shown = annotation_layer.shown_on_panel(on_slice, points_of, text_of, options.selected,
                                                options.overrides, options.focus)
        # label margins, gaps and line widths follow the text scale, and shrink with the words
        # on a picture exported at a small size
        frame = annotation_layer.Frame(self.w, self.h, band, bar[4] if bar else None,
                                       min(self.k, self.base / MIN_BASE), self.base)
        annotation_layer.draw(self.scene, shown, frame)
        if options.drawing is not None:
            self.drawing(view, options.drawing)

    def drawing(self, view: Viewport, drawing: DrawingPreview) -> None:
        """The dashed preview of an annotation being drawn."""
        points = [view.to_output(*p) for p in (*drawing.points, drawing.cursor)]
        colour = (255, 255, 255, 220)
        if drawing.kind == "ellipse" and len(points) >= 2:
            (x0, y0), (x1, y1) = points[0], points[-1]
            self.scene.add(Ellipse(((x0 + x1) / 2, (y0 + y1) / 2), abs(x1 - x0) / 2,
                                   abs(y1 - y0) / 2, colour, 1.5 * self.k))
        elif len(points) >= 2:
            self.scene.add(Line(tuple(points), colour, 1.5 * self.k, dashed=True))

    # ----- caption ------------------------------------------------------------------------------
    def caption_lines(self) -> list[tuple[str, int, bool]]:
        """The caption's wrapped lines (text, size, bold), fitted like the other panes'."""
        series = self.ps.series
        if not self.captions or series is None:
            return []
        lines = overlay_text.caption_lines(series.sequence, self.lang, self.presentation)
        state = self.opened.state
        sequences = tuple(sorted({state.panes[p].series.sequence for p in state.visible_panes
                                  if state.panes[p].series is not None})) or (series.sequence,)
        drop, scale = caption_fit(self.w, self.h, self.base, self.m, sequences, self.lang,
                                  self.presentation)
        return lay_out_caption(lines[:max(2, len(lines) - drop)], self.caption_width(),
                               self.base, scale)

    def caption_width(self) -> float:
        return self.w - 2 * self.m - 2 * self.caption_pad()

    def caption_pad(self) -> float:
        return self.base * 0.55

    def caption_band_height(self) -> float:
        """Pixels the caption band takes at the bottom, its margin included (0 when none)."""
        laid = self.caption_lines()
        if not laid:
            return 0.0
        return sum(fonts.line_height(size) for _, size, _ in laid) + 2 * self.caption_pad() \
            + self.m * 0.5

    def caption(self, band: float) -> None:
        """The plain-language caption on a dark band at the bottom."""
        laid = self.caption_lines()
        if not laid:
            return
        pad = self.caption_pad()
        height = band - self.m * 0.5
        box = (self.m, self.h - band, self.w - self.m, self.h - band + height)
        self.scene.add(Rect(box, (0, 0, 0, 165), radius=pad * 0.75))
        self.scene.boxes["caption"] = box
        y = box[1] + pad
        for k, (line, size, bold) in enumerate(laid):
            colour = WHITE if k == 0 or bold else CAPTION_TEXT
            thick = fonts.bold_stroke(line, size) if bold else 0.0
            advance = fonts.width(line, size)
            x = self.m + pad
            self.scene.add(Text(x, y + fonts.ascent(size), line, size, colour, 0.0,
                                float(thick), (x, y, x + advance, y + fonts.line_height(size))))
            y += fonts.line_height(size)


def lay_out_caption(lines: Sequence[str], width: float, base: float, scale: float
                    ) -> list[tuple[str, int, bool]]:
    """Each caption line wrapped to ``width`` with its size (the title larger and bold)."""
    out: list[tuple[str, int, bool]] = []
    for k, line in enumerate(lines):
        size = fonts.pixel_size(base * scale * (1.1 if k == 0 else 0.95))
        out += [(part, size, k == 0) for part in fonts.wrap_at(line, width, size)]
    return out


@lru_cache(maxsize=64)
def caption_fit(width: float, height: float, base: float, margin: float,
                sequences: tuple[str, ...], lang: str, presentation: bool) -> tuple[int, float]:
    """(lines to leave out, text scale) of the largest caption that fits every shown pane.

    Larger in presentation mode where there is room; in a narrow pane the text first goes
    back to the usual size, then the last lines (the picture, what it is good for) go; the
    title and what is white always stay. Panes side by side share one size.
    """
    captions = [overlay_text.caption_lines(s, lang, presentation) for s in sequences]
    most = max((len(lines) for lines in captions), default=0)
    room = height * CAPTION_SHARE
    pad = base * 0.55
    inner = width - 2 * margin - 2 * pad
    largest = 1.25 if presentation else 1.0
    scales = sorted({largest, 1.0}, reverse=True)
    for drop in range(max(1, most - 1)):
        for scale in scales:
            if all(sum(fonts.line_height(size) for _, size, _ in lay_out_caption(
                    lines[:max(2, len(lines) - drop)], inner, base, scale)) + 2 * pad <= room
                   for lines in captions):
                return drop, scale
    return max(0, most - 2), 1.0


__all__ = ["EXPORT_MIN_BASE", "HALO", "DrawingPreview", "SceneOptions", "base_size",
           "build_scene", "caption_fit", "lay_out_caption", "picture_of"]
