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
from dataclasses import dataclass, replace

from ilc_viewer.annotations.levels import image_level
from ilc_viewer.annotations.model import Annotation, display_text, to_pixels, visible_on
from ilc_viewer.open_study.opened import OpenStudy
from ilc_viewer.open_study.viewer_state import flat_geometry
from ilc_viewer.scene import annotations as annotation_layer
from ilc_viewer.scene import damaged, picture_words, references
from ilc_viewer.scene import text as fonts
from ilc_viewer.scene.caption import CAPTION_SHARE, COLUMN_SHARE, caption_fit, lay_out_caption
from ilc_viewer.scene.framing import Framing, Words, frame_image
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
from ilc_viewer.scene.viewport import Viewport
from ilc_viewer.words import overlay_text

#: Base text size bounds (pixels at text scale 1) and the share of the panel it follows.
#: The screen never goes below 14 pixels; a picture exported at the images' own small size
#: may (EXPORT_MIN_BASE), so the words do not cover the anatomy of a 256-pixel image.
MIN_BASE, MAX_BASE, BASE_SHARE = 14.0, 28.0, 1 / 30
EXPORT_MIN_BASE = 9.0
#: Presentation mode (full screen) enlarges the words by this much.
PRESENTATION_SCALE = 1.3
MUTED = (200, 200, 200, 255)
#: Size of the note saying why a picture's pane is not linked (relative to the base size).
NOT_LINKED_SCALE = 0.85


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
    #: Output pixels per image pixel (finest spacing) at zoom 1, when the panel was sized to
    #: hold the images at their own resolution (an export); ``None``: fit the panel.
    native: float | None = None
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


def fit_scale(opened: OpenStudy, pane: int, size: tuple[int, int],
              options: SceneOptions | None = None) -> float:
    """Output pixels per mm of a pane's image at zoom 1 in a panel of ``size`` (the words
    laid out, nothing drawn): an export grows its panels until this reaches the images' own
    resolution."""
    builder = _Builder(opened, pane, size, replace(options or SceneOptions(), native=None))
    if builder.ps.series is None or not builder.ps.slice_count:
        return 0.0
    return builder.frame(zoom=1.0).view.px_per_mm


def picture_of(opened: OpenStudy, pane: int, view: Viewport) -> Picture | None:
    """The pane's windowed picture placed by ``view`` (None when it cannot be shown).

    A window/level change alters only this part of a scene; the window swaps it in. A large
    image seen zoomed out comes reduced: each picture pixel covers ``factor`` image pixels.
    """
    windowed = opened.picture(pane, view.magnification)
    if windowed is None:
        return None
    sx, sy, tx, ty = view.picture_transform()
    k = windowed.factor
    return Picture(windowed.pixels, sx * k, sy * k, tx, ty, smooth=view.smooth)


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
        framing = self.frame()
        self.framing = framing
        view = framing.view
        self.scene.view = view
        picture = picture_of(self.opened, self.pane, view)
        if picture is not None:
            self.scene.picture = picture
            self.scene.boxes["image"] = view.image_box()
        bar = self.scale_bar_layout(view, framing.scale_room)
        caption = framing.caption_box if self.captions else None
        across = caption is not None and caption[2] - caption[0] >= self.w - 2 * self.m - 1
        band = self.h - caption[1] if caption is not None and across else 0.0
        if series.geometry is not None:
            if self.options.references:
                room = references.line_room((self.w, self.h), view.image_box(), caption)
                references.draw_reference_lines(self.scene, self.opened, self.pane, view,
                                                self.k, self.lang, room)
            references.draw_level_marks(self.scene, self.opened, self.pane, view, self.k,
                                        self.base, self.options.overrides)
        self.annotations(view, band, bar)  # patient-anchored, or anchored to this image
        if series.geometry is not None:
            self.crosshair(view)
        damaged_box = None
        if picture is None:  # hatched under the words, so the header stays readable
            damaged_box = damaged.draw_hatching(self.scene, view.image_box(), (self.w, self.h),
                                                self.base, self.k)
        y = self.header() if self.options.header else self.m * 0.5
        if damaged_box is not None:
            self.failure(damaged_box)
        self.letters()
        self.scale_bar(bar)
        # beside the anatomy the identity goes under the title lines, else at the top right
        x, align = (self.m, "left") if framing.title_beside else (self.w - self.m, "right")
        if not framing.title_beside:
            y = self.m * 0.5
        if self.show_patient:
            for line in overlay_text.patient_lines(self.opened.state.patient, self.lang):
                y = self.text(x, y, line, align=align, key="patient")[3]
        if self.options.disclaimer:
            self.text(x, y, overlay_text.disclaimer(self.lang), 0.7, MUTED, align=align,
                      key="disclaimer")
        if caption is not None:
            self.caption(caption)
        return self.scene

    def frame(self, zoom: float | None = None) -> Framing:
        """Where the image and the words around it go (at the pane's zoom, or ``zoom``)."""
        series = self.ps.series
        assert series is not None
        geometry = self.ps.geometry or flat_geometry(series)
        native = self.options.native / min(geometry.pixel_spacing) \
            if self.options.native is not None else None
        return frame_image(geometry, (self.w, self.h), self.words(),
                           zoom=self.ps.zoom if zoom is None else zoom,
                           centre=self.ps.centre if zoom is None else None,
                           slice_index=self.ps.slice_index,
                           content=self.opened.anatomy(self.pane),
                           fill=self.opened.state.fill_panels, native=native)

    def empty(self) -> None:
        lines = [overlay_text.tr("empty_pane", self.lang)]
        missing = self.opened.missing.get(self.pane)
        if missing:
            lines.insert(0, overlay_text.tr("no_sequence", self.lang, sequence=missing))
        self.centred(lines, 1.1, WHITE)

    def failure(self, box: Box) -> None:
        """A slice that cannot be shown: "Damaged image" and the plain sentence (the notes
        of an export say it too)."""
        sentence = damaged.draw_message(self.scene, box, self.base, self.lang,
                                        self.opened.failure(self.pane))
        self.scene.notes.append(sentence)

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
            x = references.pane_mark(self.scene, self.pane, x, y, self.line_height(1.25), self.k)
        y = self.text(x, y, overlay_text.title_line(series, self.lang, self.ps.slice_index),
                      1.25, bold=True, key="title")[3]
        if self.options.slice_line:
            level = image_level(series, self.ps.slice_index,
                                self.opened.annotations.annotations.snapshot())
            line = overlay_text.slice_line(self.ps, self.lang, level=level)
            if line:  # a picture alone in its series has no number to give
                y = self.text(self.m, y, line, key="slice")[3]
        note = overlay_text.link_note(self.ps, self.lang)
        if note:
            y = self.text(self.m, y, note, colour=NOTE, bold=True, key="link_note")[3]
        for words in self.not_linked_lines():
            # said in plain words, not as a fault: these pictures have no slice position
            y = self.text(self.m, y, words, NOT_LINKED_SCALE, MUTED, key="not_linked")[3]
        return y

    def not_linked_lines(self) -> list[str]:
        return picture_words.not_linked_lines(
            self.ps, self.lang, len(self.opened.state.visible_panes), self.w - 2 * self.m,
            fonts.pixel_size(self.base * NOT_LINKED_SCALE))

    def letters(self) -> None:
        """Which side of the patient lies at each edge, where the framing put them."""
        edges = picture_words.edge_letters(self.ps, self.lang)
        if edges is None:
            return
        for name, letter in (("left", edges.left), ("right", edges.right), ("top", edges.top),
                             ("bottom", edges.bottom)):
            place = self.framing.letters[name]
            self.text(place.x, place.y, letter, 1.2, bold=True, align=place.align,
                      key=f"letter_{name}")

    # ----- scale bar --------------------------------------------------------------------------
    def words(self) -> Words:
        """The sizes of the words at the panel's edges (the framing leaves room for them)."""
        series = self.ps.series
        assert series is not None
        header = (0.0, 0.0)
        if self.options.header:
            title = fonts.pixel_size(self.base * 1.25)
            width = max(fonts.width(overlay_text.title_line(series, self.lang,
                                                            self.ps.slice_index), title)
                        + fonts.bold_stroke("", title) + 8 * self.k,
                        fonts.width(overlay_text.slice_line(self.ps, self.lang),
                                    fonts.pixel_size(self.base)))
            header = (width + 12.0 * self.k, self.line_height(1.25) + self.line_height()
                      + self.line_height(NOT_LINKED_SCALE) * len(self.not_linked_lines()))
        letter = 0.0
        edges = picture_words.edge_letters(self.ps, self.lang)
        if edges is not None:
            size = fonts.pixel_size(self.base * 1.2)
            letter = max(fonts.width(text, size) + 2 * fonts.bold_stroke(text, size)
                         for text in (edges.left, edges.right, edges.top, edges.bottom))
        label = overlay_text.scale_bar_label(10, True, self.lang,
                                             picture_words.at_detector(self.ps))
        scale_width = fonts.width(label, fonts.pixel_size(self.base * 0.9)) + 8 * self.k
        return Words(header=header, caption=self.caption_band_height,
                     letter=(letter, self.line_height(1.2)), scale_width=scale_width,
                     margin=self.m, base=self.base)

    def scale_bar_layout(self, view: Viewport, room: tuple[float, float, float]
                         ) -> tuple[float, float, float, int, Box] | None:
        """(x, top, bottom, cm, box) of the scale bar in ``room`` (x, top, bottom of the
        bar), or None when none fits."""
        geometry, series = self.ps.geometry, self.ps.series
        if geometry is None or view.px_per_mm <= 0:
            return None
        if series is not None and series.geometry is None and not geometry.spacing_known:
            return None  # a picture with no pixel size (ultrasound: its regions measure)
        x, top, bottom = room
        cm = overlay_text.scale_bar_cm(view.px_per_mm, min(self.h * 0.35, bottom - top))
        if cm == 0:
            return None
        length = cm * 10 * view.px_per_mm
        label = overlay_text.scale_bar_label(cm, geometry.spacing_known, self.lang,
                                             picture_words.at_detector(self.ps))
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
        label = overlay_text.scale_bar_label(cm, geometry.spacing_known, self.lang,
                                             picture_words.at_detector(self.ps))
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
        assert series is not None
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
            return display_text(annotation, library, self.lang, series)

        shown = annotation_layer.shown_on_panel(on_slice, points_of, text_of, options.selected,
                                                options.overrides, options.focus)
        # label margins, gaps and line widths follow the text scale, and shrink with the words
        # on a picture exported at a small size
        frame = annotation_layer.Frame(self.w, self.h, band, bar[4] if bar else None,
                                       min(self.k, self.base / MIN_BASE), self.base,
                                       self.framing.label_left, self.framing.label_right)
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
    def caption_lines(self, width: float, sequence: str | None = None
                      ) -> list[tuple[str, int, bool]]:
        """The caption's lines (text, size, bold) wrapped for a band ``width`` wide, fitted
        like the other panes' (a band across the panel, or a column beside the anatomy);
        ``sequence``: another shown pane's caption, laid out as that pane would."""
        series = self.ps.series
        if not self.captions or series is None:
            return []
        lines = overlay_text.caption_lines(sequence or series.sequence, self.lang,
                                           self.presentation)
        sequences = self.shown_sequences()
        across = width >= self.w - 2 * self.m - 1
        drop, scale = caption_fit(width + 2 * self.m, self.h, self.base, self.m, sequences,
                                  self.lang, self.presentation,
                                  CAPTION_SHARE if across else COLUMN_SHARE)
        return lay_out_caption(lines[:max(2, len(lines) - drop)], width - 2 * self.caption_pad(),
                               self.base, scale)

    def shown_sequences(self) -> tuple[str, ...]:
        """The sequences of the shown panes (their captions share one size and height)."""
        state = self.opened.state
        series = self.ps.series
        assert series is not None
        return tuple(sorted({state.panes[p].series.sequence for p in state.visible_panes
                             if state.panes[p].series is not None})) or (series.sequence,)

    def caption_pad(self) -> float:
        return self.base * 0.55

    def caption_band_height(self, width: float) -> float:
        """Pixels a caption band ``width`` wide takes, its margin below included (0: none):
        the tallest of the shown panes' captions, so side by side the images line up."""
        if not self.caption_lines(width):
            return 0.0
        tallest = max(sum(fonts.line_height(size) for _, size, _ in
                          self.caption_lines(width, sequence))
                      for sequence in self.shown_sequences())
        return tallest + 2 * self.caption_pad() + self.m * 0.5

    def caption(self, box: Box) -> None:
        """The plain-language caption on a dark band (``box``: below the anatomy or in the
        column beside it)."""
        laid = self.caption_lines(box[2] - box[0])
        if not laid:
            return
        pad = self.caption_pad()
        self.scene.add(Rect(box, (0, 0, 0, 165), radius=pad * 0.75))
        self.scene.boxes["caption"] = box
        y = box[1] + pad
        for k, (line, size, bold) in enumerate(laid):
            colour = WHITE if k == 0 or bold else CAPTION_TEXT
            thick = fonts.bold_stroke(line, size) if bold else 0.0
            advance = fonts.width(line, size)
            x = box[0] + pad
            self.scene.add(Text(x, y + fonts.ascent(size), line, size, colour, 0.0,
                                float(thick), (x, y, x + advance, y + fonts.line_height(size))))
            y += fonts.line_height(size)


__all__ = ["EXPORT_MIN_BASE", "HALO", "DrawingPreview", "SceneOptions", "base_size",
           "build_scene", "caption_fit", "fit_scale", "lay_out_caption", "picture_of"]
