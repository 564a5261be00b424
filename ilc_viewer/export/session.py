"""Set up, without a window, the view an export is made of: study, panes, slice, annotations.

The command line and the benchmark use this to get the :class:`ViewerState` the window would
show after opening a study: the recognised T1 / T2 / STIR triple (or a chosen layout), linked
by patient position, each pane with its starting window, and the study's saved annotations.
Nothing here writes anything: the saved-annotation file is only read, never set aside.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ilc_viewer.annotations.demo import sample_stickers
from ilc_viewer.annotations.model import Annotation
from ilc_viewer.annotations.store import AnnotationStore, import_json, parse_document
from ilc_viewer.display import default_window
from ilc_viewer.errors import DecodeError, StudyLoadError, ViewerError
from ilc_viewer.export.render import ExportError, FrameSource, volume_frames
from ilc_viewer.open_study.viewer_state import LAYOUTS, TRIPLE_ORDER, ViewerState
from ilc_viewer.storage.user_data import annotations_dir, phrases_file
from ilc_viewer.study.model import Series, Study
from ilc_viewer.study.sequences import choose_triple
from ilc_viewer.words.phrases import PhraseLibrary, load_phrase_library

#: A sample case's answer file; its stickers are used when nothing was saved for the study.


@dataclass
class Prepared:
    """A study ready to export: the view, its annotations and the phrase library."""

    study: Study
    state: ViewerState
    annotations: list[Annotation]
    library: PhraseLibrary
    source: Path
    #: Plain sentences for the user (a missing sequence, unreadable saved annotations, ...).
    warnings: list[str] = field(default_factory=list)


def load_studies(path: str | Path) -> list[Study]:
    """The studies with image series at ``path``; :class:`StudyLoadError` when there are none."""
    from ilc_viewer.dicom.index import scan  # pydicom import cost only when a study is read

    index = scan(path)
    studies = [s for s in index.studies if any(series.images for series in s.series)]
    if not studies:
        reason = "no DICOM images found"
        if index.skipped:
            reason += f" ({len(index.skipped)} file(s) skipped, e.g. {index.skipped[0].reason})"
        raise StudyLoadError(f"{path}: {reason}")
    return studies


def pick_series(study: Study, layout: Sequence[str] | None) -> tuple[list[Series], list[str]]:
    """The series for the panes, left to right, and notes about sequences that are missing.

    ``None`` gives the recognised T1 / T2 / STIR triple. Otherwise each label ("t2", "stir",
    "flair", ...) takes the triple's series for T1/T2/STIR, or the first series of that
    sequence that is not a localizer.
    """
    triple = choose_triple(study.series)
    labels = [label.strip().upper() for label in (layout or TRIPLE_ORDER)]
    if len(labels) > max(LAYOUTS.values()):
        raise ExportError(f"at most {max(LAYOUTS.values())} panels, not {len(labels)}")
    chosen, notes = [], []
    for label in labels:
        series = triple.get(label) or next(
            (s for s in study.series if s.sequence == label and s.images and not s.is_localizer),
            None,
        )
        if series is None:
            notes.append(f"no {label} series in this study")
        else:
            chosen.append(series)
    return chosen, notes


def build_state(series: Sequence[Series], study: Study, lang: str = "en") -> ViewerState:
    """A state showing ``series`` in panes 1..n, linked, each with its starting window."""
    if not series:
        raise ExportError("none of the requested sequences is in this study")
    state = ViewerState()
    state.patient = study.patient
    state.set_language(lang)
    state.set_layout(next(name for name, count in LAYOUTS.items() if count >= len(series)))
    for pane, item in enumerate(series):
        state.assign(pane, item)
    return state


def apply_windows(state: ViewerState, frames: FrameSource) -> list[str]:
    """Give every shown pane the window the screen starts with; returns decode failures."""
    failures = []
    for pane in state.visible_panes:
        s = state.panes[pane]
        if s.series is None or s.window is not None:
            continue
        try:
            values = frames(s.series, s.slice_index)
        except DecodeError as exc:
            failures.append(str(exc))
            continue
        state.set_default_window(pane, default_window(s.series, values))
    return failures


def go_to(state: ViewerState, slice_number: int | None = None,
          position_mm: float | None = None) -> None:
    """Move the first pane to a slice (1-based) or a position (mm along its normal).

    The other panes follow by patient position (linked scrolling). With neither given, the
    panes keep the middle slice of the first pane, as when the study is opened.
    """
    first = state.panes[0]
    if slice_number is not None:
        if not 1 <= slice_number <= first.slice_count:
            raise ExportError(
                f"slice {slice_number} does not exist: the {first.sequence} series has "
                f"slices 1 to {first.slice_count}"
            )
        state.set_slice(0, slice_number - 1)
    elif position_mm is not None:
        geometry = first.series.geometry if first.series is not None else None
        if geometry is None:
            raise ExportError("the first series has no slice positions; use --slice instead")
        distances = geometry.slice_distances
        low, high = float(distances.min()), float(distances.max())
        tolerance = max(geometry.slice_spacing, 1.0)
        if not low - tolerance <= position_mm <= high + tolerance:
            raise ExportError(
                f"position {position_mm:g} mm is outside the {first.sequence} series "
                f"({low:.1f} to {high:.1f} mm)"
            )
        state.set_slice(0, int(abs(distances - position_mm).argmin()))
    else:
        state.set_slice(0, first.slice_index)


def saved_annotations(
    study: Study, folder: Path | None = None
) -> tuple[list[Annotation], list[str]] | None:
    """The study's saved annotations, read without changing anything, and problems found;
    ``None`` when nothing was ever saved for the study."""
    path = AnnotationStore(folder or annotations_dir()).path_for(study.study_uid)
    if not path.exists():
        return None
    try:
        annotations, problems = parse_document(path.read_text(encoding="utf-8"), path)
    except (OSError, UnicodeDecodeError, ViewerError) as exc:
        return [], [f"the saved annotations could not be read ({exc}); exported without them"]
    return annotations, [f"{path}: {problem}; left out" for problem in problems]


def prepare(path: str | Path, *, layout: Sequence[str] | None = None, lang: str = "en",
            slice_number: int | None = None, position_mm: float | None = None,
            annotations_file: Path | None = None, study: Study | None = None,
            frames: FrameSource | None = None) -> Prepared:
    """Everything an export of the study at ``path`` needs (the first study if several)."""
    frames = frames or volume_frames()
    study = study or load_studies(path)[0]
    library, warnings = load_phrase_library(phrases_file())
    series, notes = pick_series(study, layout)
    warnings += notes
    state = build_state(series, study, lang)
    go_to(state, slice_number, position_mm)
    warnings += apply_windows(state, frames)
    if annotations_file is not None:
        annotations = import_json(Path(annotations_file))
    else:
        saved = saved_annotations(study)
        if saved is None:  # as in the window: demo stickers until the user saves a change
            annotations = sample_stickers(Path(path), study.study_uid, library)
        else:
            annotations, problems = saved
            warnings += problems
    return Prepared(study, state, annotations, library, Path(path), warnings)

