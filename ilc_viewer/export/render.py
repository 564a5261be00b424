"""Compose the panes of an open study into one RGB picture, headless.

What is exported is what the doctor saw: each panel is the pane's scene
(:func:`ilc_viewer.scene.panel.build_scene`, the same the window paints) painted with Pillow
(:mod:`ilc_viewer.export.scene_painter`), in the window's layout (side by side, or 2 x 2).

**Native size.** A panel's native size is its image's matrix with square pixels: ``rows x
columns`` when the pixel spacing is the same both ways, otherwise stretched along the coarser
axis so millimetres stay square (as on screen). Every panel takes the largest native height
and width among the panels shown, so the panels line up; ``scale`` multiplies each panel's
size (rounded) and the words on it. The words go around the anatomy, never over it
(:mod:`ilc_viewer.scene.framing`), so the panel then grows until the anatomy is drawn at the
images' own resolution times ``scale``, pixel edges on whole pixels: a picture at 2x is the
picture at 1x, twice as sharp.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
from PIL import Image

from ilc_viewer.annotations.model import Annotation
from ilc_viewer.errors import ViewerError
from ilc_viewer.export.scene_painter import paint
from ilc_viewer.open_study.opened import OpenStudy
from ilc_viewer.open_study.viewer_state import ViewerState
from ilc_viewer.scene.panel import EXPORT_MIN_BASE, SceneOptions, build_scene, fit_scale
from ilc_viewer.scene.primitives import Scene
from ilc_viewer.study.geometry import SeriesGeometry
from ilc_viewer.study.model import Series
from ilc_viewer.words.catalogue import _

#: Largest scale offered (the dialog offers 1x, 2x, 3x).
MAX_SCALE = 8.0
#: Rounds of growing an exported panel until the words leave the images their resolution.
GROWTH_TRIES = 4
#: Columns of panels per layout (2 x 2 is two rows of two).
LAYOUT_COLUMNS = {"1x1": 1, "1x2": 2, "1x3": 3, "2x2": 2, "1x4": 4}


class ExportError(ViewerError):
    """The export cannot be made (nothing shown, bad option, unwritable file)."""


@dataclass(frozen=True)
class RenderOptions:
    """What to burn in. ``None`` means "as on screen" (the state's language, captions)."""

    scale: float = 1.0
    lang: str | None = None
    captions: bool | None = None
    show_patient: bool = False
    header: bool = True
    disclaimer: bool = True
    #: Larger words (the printed handout).
    emphasis: float = 1.0
    #: Annotation id -> number drawn instead of the words (the handout).
    numbers: Mapping[str, int] | None = None
    #: Annotations to burn in; ``None``: the study's shown annotations.
    annotations: tuple[Annotation, ...] | None = None
    #: (width, height) of every panel, e.g. the size of the panes on screen; ``None``: the
    #: images' native size times ``scale``.
    panel_size: tuple[int, int] | None = None
    #: Text scale and smallest base text size; ``None``: ``scale`` and the export's minimum.
    text_scale: float | None = None
    min_text: float = EXPORT_MIN_BASE
    #: The annotation a tour step points at: the others are drawn dimmed ("": none).
    focus: str = ""


@dataclass
class Rendering:
    """The composed picture and what went into it."""

    pixels: np.ndarray  # (height, width, 3) uint8, C-contiguous
    panes: list[int]  # the state's pane indices, in reading order
    panel_size: tuple[int, int]  # (height, width) of one panel in output pixels
    columns: int = 1  # panels per row
    notes: list[str] = field(default_factory=list)  # slices that could not be shown, and why
    scenes: list[Scene] = field(default_factory=list)

    def panel(self, k: int) -> np.ndarray:
        """The pixels of the ``k``-th panel."""
        h, w = self.panel_size
        row, col = divmod(k, self.columns)
        return self.pixels[row * h:(row + 1) * h, col * w:(col + 1) * w]


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


def grid_columns(state: ViewerState, panes: Sequence[int]) -> int:
    """Panels per row: the layout's when the panes are the layout's, else all in one row."""
    if list(panes) == state.visible_panes and state.maximised is None:
        return min(len(panes), LAYOUT_COLUMNS[state.layout])
    return max(1, len(panes))


def native_size(state: ViewerState, panes: Sequence[int]) -> tuple[int, int]:
    """(height, width) of the images of ``panes`` side by side in the layout at scale 1."""
    h, w = _common_panel(state, panes)
    columns = grid_columns(state, panes)
    rows = -(-len(panes) // columns)
    return h * rows, w * columns


def output_size(opened: OpenStudy, panes: Sequence[int],
                options: RenderOptions | None = None) -> tuple[int, int]:
    """(height, width) of the picture :func:`render` makes of ``panes``."""
    options = options or RenderOptions()
    ph, pw = export_panel_size(opened, panes, options)
    columns = grid_columns(opened.state, panes)
    rows = -(-len(panes) // columns)
    return ph * rows, pw * columns


def export_panel_size(opened: OpenStudy, panes: Sequence[int], options: RenderOptions
                      ) -> tuple[int, int]:
    """(height, width) of one exported panel: ``options.panel_size``, else the images'
    native size times ``scale``, grown until the words around the anatomy leave it its own
    resolution (taller first: the words stack above and below; wider when that is not it)."""
    if options.panel_size is not None:
        pw, ph = options.panel_size
        return ph, pw
    state = opened.state
    nh, nw = _common_panel(state, panes)
    ph, pw = max(1, round(nh * options.scale)), max(1, round(nw * options.scale))

    def short_by(size: tuple[int, int]) -> float:
        """How much the anatomy must grow to reach its own resolution (1: it has)."""
        growth = 1.0
        for k, pane in enumerate(panes):
            geometry = state.panes[pane].geometry
            spacing = min(geometry.pixel_spacing) if geometry is not None else 1.0
            fitted = fit_scale(opened, pane, size, scene_options(options, k == len(panes) - 1))
            if fitted > 0:
                growth = max(growth, options.scale / spacing / fitted)
        return growth

    growth = short_by((pw, ph))
    for _round in range(GROWTH_TRIES):
        if growth <= 1.0:
            break
        taller = (pw, math.ceil(ph * growth))
        after = short_by(taller)
        if after < growth * 0.99:
            (pw, ph), growth = taller, after
            continue
        wider = (math.ceil(pw * growth), ph)
        (pw, ph), growth = wider, short_by(wider)
    if growth > 1.0:  # still short: both ways
        pw, ph = math.ceil(pw * growth), math.ceil(ph * growth)
    return ph, pw


def _common_panel(state: ViewerState, panes: Sequence[int]) -> tuple[int, int]:
    sizes = [native_panel_size(state.panes[p].series, state.panes[p].geometry)  # type: ignore[arg-type]
             for p in panes]
    return max(h for h, _ in sizes), max(w for _, w in sizes)


def scene_options(options: RenderOptions, last: bool) -> SceneOptions:
    """The scene options of one exported panel (the disclaimer goes on the last one)."""
    return SceneOptions(lang=options.lang, captions=options.captions,
                        show_patient=options.show_patient, header=options.header,
                        disclaimer=options.disclaimer and last,
                        text_scale=options.scale if options.text_scale is None
                        else options.text_scale,
                        min_text=options.min_text, emphasis=options.emphasis,
                        numbers=options.numbers, annotations=options.annotations,
                        presentation=False, focus=options.focus)


def render(opened: OpenStudy, panes: Sequence[int] | None = None,
           options: RenderOptions | None = None) -> Rendering:
    """The picture of ``panes`` (default: every visible pane with a series) in the layout.

    A slice that cannot be decoded becomes a black panel with the reason, listed in
    ``notes``; the other panels are unaffected. Raises :class:`ExportError` when no pane shows
    a series or the scale is out of range.
    """
    options = options or RenderOptions()
    state = opened.state
    if not 0 < options.scale <= MAX_SCALE:
        raise ExportError(_("scale must be above 0 and at most {most:g}, not {scale:g}",
                            most=MAX_SCALE, scale=options.scale))
    panes = list(panes) if panes is not None else export_panes(state)
    panes = [p for p in panes if state.panes[p].slice_count]
    if not panes:
        raise ExportError(_("nothing to export: no panel shows a series"))
    ph, pw = export_panel_size(opened, panes, options)
    native = options.scale if options.panel_size is None else None
    columns = grid_columns(state, panes)
    rows = -(-len(panes) // columns)
    canvas = Image.new("RGB", (pw * columns, ph * rows))
    notes: list[str] = []
    scenes: list[Scene] = []
    for k, pane in enumerate(panes):
        scene = build_scene(opened, pane, (pw, ph),
                            replace(scene_options(options, k == len(panes) - 1), native=native))
        scenes.append(scene)
        notes += [_("{file}: {note}", file=_file_of(opened, pane), note=note)
                  for note in scene.notes]
        row, col = divmod(k, columns)
        canvas.paste(paint(scene), (col * pw, row * ph))
    seam = max(1, round(options.scale))
    pixels = np.asarray(canvas, dtype=np.uint8).copy()
    for col in range(1, columns):
        pixels[:, col * pw:col * pw + seam] = 0
    for row in range(1, rows):
        pixels[row * ph:row * ph + seam, :] = 0
    return Rendering(np.ascontiguousarray(pixels), panes, (ph, pw), columns, notes, scenes)


def _file_of(opened: OpenStudy, pane: int) -> str:
    state = opened.state.panes[pane]
    image = state.image
    return image.display_name if image is not None else _("panel {number}", number=pane + 1)
