"""Compose the panes of a :class:`ViewerState` into one RGB picture, headless.

What is exported is what the doctor saw: every panel goes through the same
:func:`ilc_viewer.display.window_to_uint8` with the pane's window and inversion, is framed
with the pane's zoom and centre, and carries the same overlays as the screen (annotations,
orientation letters, scale bar, slice line, caption), whose content comes from
:mod:`ilc_viewer.words.overlay_text`.

**Native size.** A panel's native size is its image's matrix with square pixels: ``rows x
columns`` when the pixel spacing is the same both ways, otherwise stretched along the coarser
axis so millimetres stay square (as on screen). Side by side, every panel takes the largest
native height and the largest native width among the panels shown, so the panels line up;
``n`` panels are ``H x (n * W)`` pixels, and ``scale`` multiplies each panel's height and
width (rounded). At zoom 1 an image fits its panel exactly as on screen at "fit".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from PIL import Image

from ilc_viewer.annotations.model import (
    DEFAULT_FONT_SIZE,
    Annotation,
    display_text,
    to_pixels,
    visible_on,
)
from ilc_viewer.display import default_window, window_to_uint8
from ilc_viewer.errors import DecodeError, ViewerError
from ilc_viewer.export.draw import MARK, MUTED, NOTE, WHITE, Painter, hex_rgb, wrap_text
from ilc_viewer.open_study.viewer_state import PaneState, ViewerState
from ilc_viewer.scene.label_layout import spread_columns
from ilc_viewer.study.geometry import SeriesGeometry
from ilc_viewer.study.model import Series
from ilc_viewer.study.pixels import FrameCache, SeriesVolume
from ilc_viewer.words import overlay_text
from ilc_viewer.words.phrases import PhraseLibrary

#: Gives the modality values of slice ``index`` of a series (raises DecodeError on failure).
FrameSource = Callable[[Series, int], np.ndarray]
#: Largest scale offered (the dialog offers 1x, 2x, 3x).
MAX_SCALE = 8.0
#: Above this many output pixels per image pixel, pixels are shown as blocks (like the screen).
SMOOTH_LIMIT = 4.0
#: A sticker's words wrap to stay beside their label point when that side has room for this
#: many text heights across (as on screen), else they go on one line over the point.
SIDE_ROOM_EMS = 5.0


class ExportError(ViewerError):
    """The export cannot be made (nothing shown, bad option, unwritable file)."""


@dataclass(frozen=True)
class RenderOptions:
    """What to burn in. ``None`` means "as on screen" (the state's language, captions)."""

    scale: float = 1.0
    lang: str | None = None
    captions: bool | None = None
    show_patient: bool = False
    annotations: tuple[Annotation, ...] = ()
    library: PhraseLibrary | None = None
    header: bool = True
    disclaimer: bool = True
    #: Multiplies every burned-in text size (the printed handout needs larger words).
    text_scale: float = 1.0
    #: Annotation id -> number: draw the number instead of the label (the handout lists
    #: the numbered labels and their explanations under the pictures).
    numbers: Mapping[str, int] | None = None


@dataclass
class Rendering:
    """The composed picture and what went into it."""

    pixels: np.ndarray  # (height, width, 3) uint8, C-contiguous
    panes: list[int]  # the state's pane indices, left to right
    panel_size: tuple[int, int]  # (height, width) of one panel in output pixels
    notes: list[str] = field(default_factory=list)  # slices that could not be shown, and why


def volume_frames(cache: FrameCache | None = None) -> FrameSource:
    """A frame source reading through :class:`SeriesVolume` (shared cache by default)."""
    return lambda series, index: SeriesVolume(series, cache).frame(index)


def export_panes(state: ViewerState, pane: int | None = None) -> list[int]:
    """The panes to export: one pane, or every visible pane that shows a series."""
    if pane is not None:
        return [pane] if state.panes[pane].series is not None else []
    return [p for p in state.visible_panes if state.panes[p].slice_count]


def native_panel_size(series: Series, geometry: SeriesGeometry | None = None) -> tuple[int, int]:
    """(height, width) of a series' images with square pixels (see the module docstring)."""
    rs, cs = geometry.pixel_spacing if geometry is not None else (1.0, 1.0)
    finest = min(rs, cs)
    return (max(1, round(series.rows * rs / finest)), max(1, round(series.columns * cs / finest)))


def native_size(state: ViewerState, panes: Sequence[int]) -> tuple[int, int]:
    """(height, width) of the side-by-side picture of ``panes`` at scale 1."""
    h, w = _common_panel(state, panes)
    return h, w * len(panes)


def output_size(state: ViewerState, panes: Sequence[int], scale: float) -> tuple[int, int]:
    """(height, width) of the picture at ``scale``: each panel's native size x scale, rounded."""
    h, w = _common_panel(state, panes)
    return round(h * scale), round(w * scale) * len(panes)


def _common_panel(state: ViewerState, panes: Sequence[int]) -> tuple[int, int]:
    sizes = [native_panel_size(state.panes[p].series, state.panes[p].geometry)  # type: ignore[arg-type]
             for p in panes]
    return max(h for h, _ in sizes), max(w for _, w in sizes)


@dataclass(frozen=True)
class PanelView:
    """How a pane's image lies in its panel: millimetres per output pixel and the centre."""

    width: int
    height: int
    px_per_mm: float
    centre_mm: tuple[float, float]  # image-plane point (x across, y down, mm) at the centre
    spacing: tuple[float, float]  # (between rows, between columns) mm

    @classmethod
    def fit(cls, geometry: SeriesGeometry, pane: PaneState, size: tuple[int, int]) -> PanelView:
        """The pane's framing: fit the image in the panel, times zoom, centred on its centre."""
        height, width = size
        rs, cs = geometry.pixel_spacing
        width_mm, height_mm = geometry.columns * cs, geometry.rows * rs
        scale = min(width / width_mm, height / height_mm) * pane.zoom
        if pane.centre is None:
            centre = (width_mm / 2, height_mm / 2)
        else:
            row, col, _ = geometry.patient_to_pixel(pane.centre)
            centre = ((col + 0.5) * cs, (row + 0.5) * rs)
        return cls(width, height, scale, centre, (rs, cs))

    def to_panel(self, row: float, col: float) -> tuple[float, float]:
        """Panel point (x, y) of the centre of image pixel (row, col)."""
        rs, cs = self.spacing
        return (self.width / 2 + ((col + 0.5) * cs - self.centre_mm[0]) * self.px_per_mm,
                self.height / 2 + ((row + 0.5) * rs - self.centre_mm[1]) * self.px_per_mm)

    @property
    def magnification(self) -> float:
        """Output pixels per image pixel along the coarser axis."""
        return self.px_per_mm * max(self.spacing)

    def affine(self) -> tuple[float, ...]:
        """Pillow's AFFINE data: output pixel-corner coordinates -> image corner coordinates."""
        rs, cs = self.spacing
        s = self.px_per_mm
        return (1 / (s * cs), 0.0, (self.centre_mm[0] - self.width / (2 * s)) / cs,
                0.0, 1 / (s * rs), (self.centre_mm[1] - self.height / (2 * s)) / rs)


def render(
    state: ViewerState,
    panes: Sequence[int] | None = None,
    options: RenderOptions | None = None,
    frames: FrameSource | None = None,
) -> Rendering:
    """The picture of ``panes`` (default: every visible pane with a series), side by side.

    A slice that cannot be decoded becomes a black panel with the reason, and the reason is
    listed in ``notes``; the other panels are unaffected. Raises :class:`ExportError` when no
    pane shows a series or the scale is out of range.
    """
    options = options or RenderOptions()
    if not 0 < options.scale <= MAX_SCALE:
        raise ExportError(f"scale must be above 0 and at most {MAX_SCALE:g}, not {options.scale:g}")
    panes = list(panes) if panes is not None else export_panes(state)
    panes = [p for p in panes if state.panes[p].slice_count]
    if not panes:
        raise ExportError("nothing to export: no panel shows a series")
    frames = frames or volume_frames()
    nh, nw = _common_panel(state, panes)
    ph, pw = round(nh * options.scale), round(nw * options.scale)
    canvas = Image.new("RGB", (pw * len(panes), ph))
    notes: list[str] = []
    for k, index in enumerate(panes):
        panel = _panel(state, index, (ph, pw), options, frames, notes,
                       first=k == 0, last=k == len(panes) - 1)
        canvas.paste(panel, (k * pw, 0))
    if len(panes) > 1:
        seam = Painter(canvas)
        for k in range(1, len(panes)):
            x = k * pw
            seam.box((x, 0, x + max(1, round(options.scale)) - 1, ph), (0, 0, 0, 255))
    pixels = np.ascontiguousarray(np.asarray(canvas, dtype=np.uint8))
    return Rendering(pixels, panes, (ph, pw), notes)


def _panel(state: ViewerState, index: int, size: tuple[int, int], options: RenderOptions,
           frames: FrameSource, notes: list[str], first: bool, last: bool) -> Image.Image:
    pane = state.panes[index]
    series, geometry = pane.series, pane.geometry
    assert series is not None and geometry is not None  # export_panes keeps shown panes only
    height, width = size
    view = PanelView.fit(geometry, pane, size)
    lang = options.lang or state.language
    image = Image.new("RGB", (width, height))
    failure = ""
    try:
        values = frames(series, pane.slice_index)
    except DecodeError as exc:
        failure = exc.reason
        notes.append(str(exc))
    else:
        window = pane.window or default_window(series, values)
        grey = Image.fromarray(window_to_uint8(values, window, pane.display_invert), "L")
        smooth = view.magnification < SMOOTH_LIMIT
        resample = Image.Resampling.BILINEAR if smooth else Image.Resampling.NEAREST
        image = grey.transform((width, height), Image.Transform.AFFINE, view.affine(),
                               resample=resample, fillcolor=0).convert("RGB")
    overlay = _Overlay(Painter(image), state, pane, view, options, lang)
    if failure:
        overlay.failure(failure)
    overlay.paint(index, first=first, last=last)
    return image


@dataclass
class _Pointer:
    """A sticker's or labelled arrow's plate before the plates are spread apart."""

    annotation: Annotation
    tip: tuple[float, float]
    lines: list[str]
    size: float
    rect: tuple[float, float, float, float]


class _Overlay:
    """Paints one panel's overlays, laid out like the screen's (ui/overlays.py)."""

    def __init__(self, painter: Painter, state: ViewerState, pane: PaneState, view: PanelView,
                 options: RenderOptions, lang: str) -> None:
        self.p, self.state, self.pane, self.view = painter, state, pane, view
        self.options, self.lang = options, lang
        self.w, self.h = view.width, view.height
        self.size = max(9.0, min(self.w, self.h * 1.4) / 28) * options.text_scale
        self.margin = self.size * 0.6
        self.captions = state.captions_visible if options.captions is None else options.captions

    def paint(self, index: int, first: bool, last: bool) -> None:
        series = self.pane.series
        assert series is not None
        band_top = self.caption_band(series) if self.captions else float(self.h)
        header_bottom = self.header(series) if self.options.header else self.margin * 0.5
        if series.geometry is not None:
            self.annotations(series, band_top)
            self.letters(series.geometry, header_bottom, band_top)
            self.crosshair(index)
        self.scale_bar(band_top)
        y = self.margin * 0.5
        if first and self.options.show_patient:
            y = self.right_lines(overlay_text.patient_lines(self.state.patient, self.lang), y,
                                 self.size * 0.85, WHITE)
        if last and self.options.disclaimer:
            self.right_lines([overlay_text.disclaimer(self.lang)], y, self.size * 0.7, MUTED)

    def header(self, series: Series) -> float:
        m, y = self.margin, self.margin * 0.5
        self.p.text((m, y), overlay_text.title_line(series, self.lang), self.size * 1.15)
        y += self.p.line_height(self.size * 1.15)
        self.p.text((m, y), overlay_text.slice_line(self.pane, self.lang), self.size * 0.85)
        y += self.p.line_height(self.size * 0.85)
        note = overlay_text.link_note(self.pane, self.lang)
        if note:
            self.p.text((m, y), note, self.size * 0.85, NOTE)
            y += self.p.line_height(self.size * 0.85)
        return y

    def right_lines(self, lines: Iterable[str], y: float, size: float, fill: tuple) -> float:
        for line in lines:
            self.p.text((self.w - self.margin, y), line, size, fill, anchor="rt")
            y += self.p.line_height(size)
        return y

    def caption_band(self, series: Series) -> float:
        """The caption on a dark band at the bottom; returns the band's top."""
        lines = overlay_text.caption_lines(series.sequence, self.lang)
        if not lines:
            return float(self.h)
        m = self.margin
        pad = self.size * 0.4
        inner = self.w - 2 * m - 2 * pad
        laid: list[tuple[str, float]] = []
        for k, line in enumerate(lines):
            size = self.size * (0.95 if k == 0 else 0.8)
            laid += [(part, size) for part in
                     wrap_text(line, inner, lambda t, s=size: self.p.measure(t, s))]
        height = sum(self.p.line_height(s) for _, s in laid) + 2 * pad
        top = self.h - m * 0.5 - height
        self.p.box((m, top, self.w - m, top + height), (0, 0, 0, 165), radius=pad)
        y = top + pad
        for k, (text, size) in enumerate(laid):
            self.p.text((m + pad, y), text, size, WHITE if k == 0 else (225, 225, 225),
                        outline=False)
            y += self.p.line_height(size)
        return top

    def letters(self, geometry: SeriesGeometry, header_bottom: float, band_top: float) -> None:
        edges = overlay_text.orientation_letters(geometry, self.lang)
        size, m = self.size * 1.1, self.margin
        self.p.text((m * 0.5, self.h / 2), edges.left, size, anchor="lm")
        self.p.text((self.w - m * 0.5, self.h / 2), edges.right, size, anchor="rm")
        self.p.text((self.w / 2, header_bottom + m * 0.2), edges.top, size, anchor="mt")
        self.p.text((self.w / 2, band_top - m * 0.4), edges.bottom, size, anchor="mb")

    def scale_bar(self, band_top: float) -> None:
        geometry = self.pane.geometry
        bottom = band_top - self.margin - self.p.line_height(self.size * 0.8)
        # stay below the right-edge orientation letter, which sits at mid-height
        room = min(self.h * 0.35, bottom - self.h / 2 - self.p.line_height(self.size * 1.1))
        cm = overlay_text.scale_bar_cm(self.view.px_per_mm, room)
        if geometry is None or cm == 0:
            return
        length = cm * 10 * self.view.px_per_mm
        x = self.w - self.margin * 1.2
        top = bottom - length
        tick = self.size * 0.35
        width = max(1.5, self.size / 9)
        self.p.line([(x, top), (x, bottom)], WHITE, width)
        self.p.line([(x - tick, top), (x, top)], WHITE, width)
        self.p.line([(x - tick, bottom), (x, bottom)], WHITE, width)
        label = overlay_text.scale_bar_label(cm, geometry.spacing_known, self.lang)
        self.p.text((x, bottom + self.size * 0.2), label, self.size * 0.8, anchor="rt")

    def crosshair(self, index: int) -> None:
        pixel = self.state.crosshair_pixel(index)
        if pixel is None:
            return
        cx, cy = self.view.to_panel(*pixel)
        arm = self.size * 1.2
        width = max(1.5, self.size / 9)
        self.p.ellipse((cx, cy), arm * 0.45, arm * 0.45, MARK, width)
        for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1)):
            self.p.line([(cx + dx * arm * 0.6, cy + dy * arm * 0.6),
                         (cx + dx * arm * 1.2, cy + dy * arm * 1.2)], MARK, width)

    def failure(self, reason: str) -> None:
        text = overlay_text.tr("decode_failed", self.lang, reason=reason)
        size = self.size * 0.85
        lines = wrap_text(text, self.w * 0.8, lambda t: self.p.measure(t, size))
        y = self.h / 2 - len(lines) * self.p.line_height(size) / 2
        for line in lines:
            self.p.text((self.w / 2, y), line, size, NOTE, anchor="mt")
            y += self.p.line_height(size)

    def annotations(self, series: Series, band_top: float) -> None:
        assert series.geometry is not None
        pointing: list[_Pointer] = []
        for annotation in self.options.annotations:
            if not visible_on(annotation, series, self.pane.slice_index):
                continue
            points = [self.view.to_panel(r, c) for r, c in to_pixels(annotation, series.geometry)]
            text = display_text(annotation, self.options.library, self.lang)
            numbers = self.options.numbers
            if numbers is not None and annotation.id in numbers:
                text = str(numbers[annotation.id])
            if annotation.kind in ("sticker", "arrow") and text:
                pointing.append(self.pointer(annotation, points, text))
            else:
                self.annotation(annotation, points, text)
        self.pointers(pointing, band_top)

    def pointer(self, a: Annotation, points: list[tuple[float, float]], text: str) -> _Pointer:
        """A sticker's (or labelled arrow's) plate, wrapped to stay on its side of the label
        point when that side has room (the point is off the anatomy), else on one line."""
        tip, at = points
        size = self.size * 0.8 * a.font_size / DEFAULT_FONT_SIZE
        gap, m = size * 0.2, self.margin * 0.5
        right_edge = self.w - self.margin * 2  # clear of the scale bar at the right edge
        if abs(tip[0] - at[0]) > 1:
            left_side = tip[0] > at[0]  # the plate's right edge faces the spot
            beside = (at[0] - gap - m) if left_side else (right_edge - at[0] - gap)
            # a line may run long where a Japanese closing mark cannot start the next one:
            # then wrap a little narrower
            for narrower in range(4 if beside >= SIDE_ROOM_EMS * size else 0):
                lines = wrap_text(text, beside - size * (0.6 + narrower),
                                  lambda t: self.p.measure(t, size))
                w, h = self.p.plate_size(lines, size)
                if w <= beside:
                    x0 = at[0] - gap - w if left_side else at[0] + gap
                    return _Pointer(a, tip, lines, size, (x0, at[1] - h / 2, x0 + w, at[1] + h / 2))
        w, h = self.p.plate_size([text], size)
        x = at[0]
        if abs(tip[0] - at[0]) > 1:
            x += -w / 2 if tip[0] > at[0] else w / 2
        x = min(max(x, w / 2 + m), right_edge - w / 2) if right_edge - w / 2 > w / 2 + m \
            else self.w / 2
        return _Pointer(a, tip, [text], size, (x - w / 2, at[1] - h / 2, x + w / 2, at[1] + h / 2))

    def pointers(self, pointing: list[_Pointer], band_top: float) -> None:
        """Plates spread apart in columns (arrows keep their spots' order), then drawn."""
        m = self.margin * 0.5
        boxes = [p.rect for p in pointing]
        shifts = spread_columns(boxes, m, max(m, band_top - m), self.size * 0.2,
                                order=[p.tip[1] for p in pointing])
        width = max(1.5, self.size / 7)
        for p, dy in zip(pointing, shifts, strict=True):
            left, top, right, bottom = p.rect
            p.rect = (left, top + dy, right, bottom + dy)
            colour = hex_rgb(p.annotation.color)
            # the line starts on the plate's edge nearest the spot
            tail = (min(max(p.tip[0], left), right), min(max(p.tip[1], top + dy), bottom + dy))
            self.p.arrow(tail, p.tip, colour, width)
        for p in pointing:
            self.p.plate_lines(p.rect, p.lines, p.size, hex_rgb(p.annotation.color))

    def annotation(self, a: Annotation, points: list[tuple[float, float]], text: str) -> None:
        colour = hex_rgb(a.color)
        size = self.size * 0.8 * a.font_size / DEFAULT_FONT_SIZE
        width = max(1.5, self.size / 7)
        if a.kind == "sticker":
            tip, at = points
            self.p.arrow(at, tip, colour, width)
            self.plate(at, text, size, colour, toward=tip)
        elif a.kind == "arrow":
            tip, tail = points
            self.p.arrow(tail, tip, colour, width)
            if text:
                self.plate(tail, text, size, colour, toward=tip)
        elif a.kind == "ellipse":
            (x0, y0), (x1, y1) = points
            rx, ry = abs(x1 - x0), abs(y1 - y0)
            self.p.ellipse((x0, y0), rx, ry, colour, width)
            if text:
                self.plate((x0, y0 - ry - size), text, size, colour)
        elif a.kind == "ruler":
            (x0, y0), (x1, y1) = points
            self.p.line([(x0, y0), (x1, y1)], colour, width)
            for x, y in points:
                self.p.ellipse((x, y), width * 1.5, width * 1.5, colour, width)
            self.plate(((x0 + x1) / 2, (y0 + y1) / 2 - size), text, size, colour)
        elif a.kind == "angle":
            self.p.line(points, colour, width)
            self.plate((points[1][0], points[1][1] - size * 1.2), text, size, colour)
        elif text:  # "text"
            self.p.text(points[0], text, size, colour, anchor="lm")

    def plate(self, at: tuple[float, float], text: str, size: float, colour: tuple,
              toward: tuple[float, float] | None = None) -> None:
        """A label plate at ``at``, moved inside the panel when it would stick out.

        With ``toward`` (the spot an arrow points at) the plate's edge facing the spot sits at
        ``at``, so the plate never hides the arrow or the spot; otherwise it is centred.
        """
        if not text:
            return
        half = self.p.measure(text, size) / 2 + size * 0.4
        x = at[0]
        if toward is not None and abs(toward[0] - at[0]) > 1:
            x += -half if toward[0] > at[0] else half
        m = self.margin * 0.5
        right = self.w - half - self.margin * 2  # keep clear of the scale bar at the right edge
        x = min(max(x, half + m), right) if right > half + m else self.w / 2
        y = min(max(at[1], size + m), self.h - size - m)
        self.p.label((x, y), text, size, colour)
