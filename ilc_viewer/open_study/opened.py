"""One opened study: decided once, for the window and the command line alike.

Opening a path (:func:`open_path`) or an already scanned index (:func:`open_index`) gives an
:class:`OpenStudy`: the chosen study, the viewer state with its panes filled, the study's
annotations and phrase library, and the frame source its pixels come from. Everything the
window and ``ilc-viewer export`` must agree on is decided here, once:

- which series fill the panes: the recognised T1 / T2 / STIR triple, or a chosen layout;
  a sequence the triple lacks in the main plane falls back to the study's other series of
  that sequence (e.g. a T2 without position information: shown, not linked), with a note;
- each pane's starting window, set when the pane gets a series (never by a view while it
  draws);
- the annotations: saved ones, or a sample's demo stickers (:mod:`ilc_viewer.annotations.session`).

Several studies at one path are never silently reduced to the first: without a choice,
:func:`open_path` raises :class:`SeveralStudiesError` listing them.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from ilc_viewer.annotations.levels import image_level
from ilc_viewer.annotations.session import StudyAnnotations
from ilc_viewer.dicom.damage import Damage, damage_of
from ilc_viewer.display import Window, WindowPreset, default_window, series_presets
from ilc_viewer.display.anatomy import anatomy_box, same_image_grid
from ilc_viewer.errors import DecodeError, StudyLoadError, ViewerError
from ilc_viewer.open_study.choosing import axial_series, pick_series
from ilc_viewer.open_study.frames import FrameSource
from ilc_viewer.open_study.pictures import Pictures, Windowed, table_window
from ilc_viewer.open_study.viewer_state import (
    EVENT_SERIES,
    EVENT_SLICE,
    LAYOUTS,
    TRIPLE_ORDER,
    ViewerState,
)
from ilc_viewer.storage import user_data
from ilc_viewer.study.model import Series, Study, StudyIndex
from ilc_viewer.words.catalogue import _
from ilc_viewer.words.phrases import PhraseLibrary, load_phrase_library


class SeveralStudiesError(StudyLoadError):
    """The path holds several studies and none was chosen."""

    def __init__(self, path: str, studies: Sequence[Study]) -> None:
        self.studies = list(studies)
        super().__init__(_("{path} holds {count} studies; choose one", path=path,
                           count=len(studies)))


@dataclass
class OpenStudy:
    """The study on screen (or being exported) and everything its picture depends on."""

    index: StudyIndex
    study: Study
    source: Path | None
    state: ViewerState
    annotations: StudyAnnotations
    frames: FrameSource
    #: Pane -> the sequence it should show but the study lacks ("STIR").
    missing: dict[int, str] = field(default_factory=dict)
    #: Plain sentences for the user about how the study was opened.
    notes: list[str] = field(default_factory=list)
    _presets: dict[str, list[WindowPreset]] = field(default_factory=dict, repr=False)
    _pictures: Pictures = field(default_factory=Pictures, repr=False)
    _anatomy: dict[str, tuple[int, int, int, int] | None] = field(default_factory=dict,
                                                                    repr=False)
    #: While the panes are being filled, starting windows wait (linking may move the slice).
    _filling: bool = field(default=False, repr=False)
    #: Functions that stop this study listening to the state (see :meth:`close`).
    disconnect: list = field(default_factory=list, repr=False)

    def close(self) -> None:
        """Stop listening to the (shared) viewer state: another study takes it over."""
        for stop in self.disconnect:
            stop()
        self.disconnect = []

    @property
    def library(self) -> PhraseLibrary:
        """The phrase library stickers take their words from."""
        return self.annotations.library

    # ----- panes -----------------------------------------------------------------------------
    def show(self, series: Sequence[Series | None]) -> None:
        """Put ``series`` in panes 1..n (None empties one), choosing a layout that shows them."""
        count = max(1, len(series))
        if count > max(LAYOUTS.values()):
            raise ViewerError(_("at most {most} panels, not {count}",
                                most=max(LAYOUTS.values()), count=count))
        self.state.set_layout(next(name for name, n in LAYOUTS.items() if n >= count))
        for pane, item in enumerate(series):
            self.state.assign(pane, item)

    def put(self, pane: int, series: Series | None) -> None:
        """Show one series in one pane (a series dropped on it)."""
        self.missing.pop(pane, None)
        self.state.assign(pane, series)

    # ----- pixels ----------------------------------------------------------------------------
    def values(self, pane: int) -> np.ndarray | None:
        """Modality values of a pane's current slice (None when empty or undecodable)."""
        state = self.state.panes[pane]
        if state.series is None or not state.slice_count:
            return None
        return self.frames.try_frame(state.series, state.slice_index)

    def anatomy(self, pane: int) -> tuple[int, int, int, int] | None:
        """Where the anatomy lies in the images of a pane's series (top, left, bottom, right
        pixels); None frames the whole image.

        Found once per series, on its middle image, so the framing never changes while the
        slices are scrolled; panes showing series on the same image grid (T1, T2 and STIR
        sagittals of one study) share the union of theirs, so side by side they frame the
        same anatomy at the same size.
        """
        series = self.state.panes[pane].series
        if series is None or series.geometry is None:
            return self._anatomy_of(series) if series is not None else None
        boxes = [self._anatomy_of(other) for other in self._same_grid(series)]
        if any(box is None for box in boxes):
            return None
        return (min(b[0] for b in boxes), min(b[1] for b in boxes),  # type: ignore[index]
                max(b[2] for b in boxes), max(b[3] for b in boxes))  # type: ignore[index]

    def _same_grid(self, series: Series) -> list[Series]:
        """``series`` and the series of the other shown panes whose pixels lie on its grid."""
        found = [series]
        for pane in self.state.visible_panes:
            other = self.state.panes[pane].series
            if other is not None and other.key != series.key and other not in found \
                    and same_image_grid(series, other):
                found.append(other)
        return found

    def _anatomy_of(self, series: Series) -> tuple[int, int, int, int] | None:
        if not series.images:
            return None
        if series.key not in self._anatomy:
            values = self.frames.try_frame(series, len(series.images) // 2)
            box = anatomy_box(values) if values is not None else None
            if values is not None and values.shape[:2] != (series.rows, series.columns):
                box = None  # the image is not the size the series says: frame it whole
            self._anatomy[series.key] = box
        return self._anatomy[series.key]

    def failure(self, pane: int) -> Damage | None:
        """What is wrong with a pane's current slice, if it cannot be shown."""
        state = self.state.panes[pane]
        if state.series is None or not state.slice_count:
            return None
        return self.frames.failure(state.series, state.slice_index)

    def picture(self, pane: int, magnification: float = 1.0) -> Windowed | None:
        """The pane's current slice windowed to uint8 (cached), or None; reduced for a large
        image seen at ``magnification`` (output pixels per image pixel) below 1/2."""
        state = self.state.panes[pane]
        if state.series is None or not state.slice_count:
            return None
        window = state.window
        values = self.values(pane)
        if values is None:
            return None
        if window is None:
            window = self.ensure_window(pane) or Window(0.5, 1.0)
        return self._pictures.picture(state, values, window, magnification)

    # ----- windows ---------------------------------------------------------------------------
    def ensure_window(self, pane: int) -> Window | None:
        """Give a pane showing a series its starting window if it has none; returns it."""
        state = self.state.panes[pane]
        if state.series is None:
            return None
        if state.window is not None:
            return state.window
        values = self.values(pane)
        if values is None:
            return None
        window, voi_lut = default_window(state.series, values), None
        if not any(p.source == "dicom" and p.voi_lut is None for p in self.presets(pane)):
            # no window stored: the X-ray unit's own curve, when it gave one
            curve = next((p for p in self.presets(pane) if p.voi_lut is not None), None)
            if curve is not None:
                window, voi_lut = curve.window, curve.voi_lut
        self.state.set_default_window(pane, window, voi_lut)
        return state.window

    def presets(self, pane: int) -> list[WindowPreset]:
        """The window presets of a pane's series (from the file, automatic, by sequence)."""
        state = self.state.panes[pane]
        if state.series is None:
            return []
        key = state.series.key
        if key not in self._presets:
            values = self.values(pane)
            if values is None:
                return []
            presets = series_presets(state.series, values)
            image = state.series.images[state.slice_index]
            for k, preset in enumerate(presets):
                table = Pictures.table(image, preset.voi_lut)
                if table is not None:
                    presets[k] = replace(preset, window=table_window(table))
            self._presets[key] = [p for p in presets if p.voi_lut is None
                                  or Pictures.table(image, p.voi_lut) is not None]
        return self._presets[key]

    def decode_failures(self) -> list[str]:
        """One sentence per shown slice that could not be decoded (export notes)."""
        out = []
        for pane in self.state.visible_panes:
            state = self.state.panes[pane]
            if state.series is None or not state.slice_count:
                continue
            try:
                self.frames.frame(state.series, state.slice_index)
            except DecodeError as exc:
                out.append(_("{file}: {sentence}", file=exc.path,
                             sentence=damage_of(exc).message()))
        return out

    def go_to(self, slice_number: int | None = None, position_mm: float | None = None,
              pane: int = 0, level: str | None = None) -> None:
        """Move a pane (the first by default) to a slice (1-based), a position (mm along
        its normal) or, for an axial pane, a spine level ("L4/5").

        Panes looking the same way follow by patient position (linked scrolling). With
        nothing given, the pane stays where the study opened. Raises :class:`ViewerError`
        for a slice, position or level the series does not have.
        """
        state = self.state.panes[pane]
        name = state.sequence or str(_("panel {number}", number=pane + 1))
        if state.series is None:
            raise ViewerError(_("panel {number} shows no series", number=pane + 1))
        if slice_number is not None:
            if not 1 <= slice_number <= state.slice_count:
                raise ViewerError(
                    _("slice {number} does not exist: the {sequence} series has slices 1 to "
                      "{count}", number=slice_number, sequence=name, count=state.slice_count))
            self.state.set_slice(pane, slice_number - 1)
        elif position_mm is not None:
            geometry = state.series.geometry
            if geometry is None:
                raise ViewerError(_("the {sequence} series has no slice positions; use "
                                    "--slice instead", sequence=name))
            distances = geometry.slice_distances
            low, high = float(distances.min()), float(distances.max())
            tolerance = max(geometry.slice_spacing, 1.0)
            if not low - tolerance <= position_mm <= high + tolerance:
                raise ViewerError(
                    _("position {mm:g} mm is outside the {sequence} series ({low:.1f} to "
                      "{high:.1f} mm)", mm=position_mm, sequence=name, low=low, high=high))
            self.state.set_slice(pane, int(abs(distances - position_mm).argmin()))
        elif level is not None:
            self.state.set_slice(pane, self._image_at_level(pane, level))

    def _image_at_level(self, pane: int, name: str) -> int:
        """The image of a pane nearest the middle of a level (its disc or vertebra)."""
        state = self.state.panes[pane]
        series = state.series
        assert series is not None
        marks = self.annotations.annotations.snapshot()
        found = []
        for k in range(state.slice_count):
            position = image_level(series, k, marks)
            if position is not None and position.name.upper() == name.strip().upper():
                found.append((abs(position.offset), k))
        if not found:
            raise ViewerError(_("no image of the {sequence} series is at {level} (are the spine "
                                "levels labelled for this study?)", sequence=state.sequence,
                                level=name))
        return min(found)[1]

    def show_axial(self, on: bool = True) -> bool:
        """Show the study's axial series in a fourth pane beside T1 | T2 | STIR (or back to
        the three); False when the study has no axial series."""
        series = axial_series(self.study)
        if not on:
            self.state.set_layout("1x3")
            return True
        if series is None:
            return False
        if self.state.panes[3].series is not series:
            self.put(3, series)
        self.state.set_layout("1x4")
        return True

    def _on_pane_event(self, pane: int, event: str) -> None:
        if event in (EVENT_SERIES, EVENT_SLICE) and not self._filling:
            self.ensure_window(pane)

    def fill(self, series: Sequence[Series | None], layout_given: bool,
             slices: dict[int, int] | None = None) -> None:
        """Fill the panes (the triple's layout, or one that shows ``series``), start the
        panes of ``slices`` on those images, then give each its starting window from the
        slice it ends on after linking."""
        self._filling = True
        try:
            if layout_given:
                self.show(series)
            else:
                self.state.fill({label: series[k] for k, label in enumerate(TRIPLE_ORDER)})
            for pane, index in (slices or {}).items():
                self.state.set_slice(pane, index)
        finally:
            self._filling = False
        for pane in range(len(self.state.panes)):
            self.ensure_window(pane)


def open_index(index: StudyIndex, study: Study | int = 0, *, layout: Sequence[str] | None = None,
               lang: str = "en", writable: bool = False, annotations_file: Path | None = None,
               annotations_folder: Path | None = None, library: PhraseLibrary | None = None,
               frames: FrameSource | None = None, state: ViewerState | None = None,
               annotations: StudyAnnotations | None = None) -> OpenStudy:
    """Open one study of a scanned index (by position or as a :class:`Study`).

    ``writable`` saves annotation changes in the user's data folder (the window); the
    command line opens read-only. ``annotations_file`` replaces the saved annotations.
    The window passes its own ``state``, ``frames`` and ``annotations`` so that what listens
    to them keeps listening from one study to the next; they are emptied first.
    """
    if isinstance(study, int):
        study = index.studies[study]
    notes: list[str] = []
    if annotations is None:
        if library is None:
            library, warnings = load_phrase_library(user_data.phrases_file())
            notes += warnings
        annotations = StudyAnnotations(library)
    if frames is None:
        frames = FrameSource()
    else:
        frames.reset()
    if state is None:
        state = ViewerState()
    else:
        state.clear()
    state.patient = study.patient
    state.set_language(lang)
    opened = OpenStudy(index=index, study=study, source=Path(index.source) if index.source
                       else None, state=state, annotations=annotations, frames=frames,
                       notes=notes)
    opened.disconnect = []
    for pane, pane_state in enumerate(state.panes):
        opened.disconnect.append(pane_state.changed.connect(
            lambda event, k=pane: opened._on_pane_event(k, event)))
    choice = pick_series(study, layout)
    opened.notes += choice.notes
    opened.missing = choice.missing
    opened.fill(choice.series, layout_given=layout is not None or choice.own_layout,
                slices=choice.slices)
    annotations.open(study, opened.source, writable=writable, folder=annotations_folder,
                     from_file=annotations_file)
    return opened


def open_path(path: str | os.PathLike, study: Study | int | str | None = None,
              **options) -> OpenStudy:  # type: ignore[no-untyped-def]
    """Scan ``path`` and open one of its studies (see :func:`open_index` for ``options``).

    ``study`` picks one of several studies: its position (0-based), its Study Instance UID
    or the :class:`Study`; without it, a path holding several studies raises
    :class:`SeveralStudiesError`. Nothing loadable raises :class:`StudyLoadError`.
    """
    from ilc_viewer.dicom.index import scan  # pydicom's import cost only when a study is read

    index = scan(path)
    studies = [s for s in index.studies if any(series.images for series in s.series)]
    if not studies:
        if index.skipped:
            raise StudyLoadError(_("{path}: no DICOM images found ({count} file(s) skipped, "
                                   "e.g. {reason})", path=path, count=len(index.skipped),
                                   reason=index.skipped[0].reason))
        raise StudyLoadError(_("{path}: no DICOM images found", path=path))
    index.studies = studies
    return open_index(index, _choose(str(path), studies, study), **options)


def _choose(path: str, studies: list[Study], choice: Study | int | str | None) -> Study:
    if isinstance(choice, Study):
        return choice
    if choice is None:
        if len(studies) > 1:
            raise SeveralStudiesError(path, studies)
        return studies[0]
    if isinstance(choice, int) and 0 <= choice < len(studies):
        return studies[choice]
    for study in studies:
        if study.study_uid == str(choice):
            return study
    raise StudyLoadError(_("{path}: no study {choice} (it holds {count}; choose 1 to {count} "
                           "or a Study Instance UID)", path=path, choice=repr(choice),
                           count=len(studies)))
