"""Which series go in which pane: the triple, a layout asked for, and the axial pane.

A layout entry is a sequence label ("t1", "t2", "stir", "flair", ...), optionally with a plane
("t2:axial", "t1:sagittal"; without one, sagittal is preferred), or a series number ("#8").
The default layout is the recognised T1 / T2 / STIR triple (:func:`choose_triple`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ilc_viewer.errors import ViewerError
from ilc_viewer.open_study.pane_state import LAYOUTS, TRIPLE_ORDER
from ilc_viewer.study.modality import is_clip, without_position_is_normal
from ilc_viewer.study.model import PLANES, Series, Study
from ilc_viewer.study.triple import choose_triple
from ilc_viewer.words.catalogue import _

#: Sequences preferred for the axial pane, best first.
AXIAL_ORDER = ("T2", "T1", "STIR")


def parse_entry(entry: str) -> tuple[str, str | None, int | None]:
    """(sequence label, plane or None, series number or None) of one layout entry."""
    text = entry.strip()
    if text.startswith("#"):
        try:
            return "", None, int(text[1:])
        except ValueError:
            raise ViewerError(_("{entry}: a series number looks like #8", entry=entry)) from None
    label, _colon, plane = text.partition(":")
    plane = plane.strip().lower() or None
    if plane is not None and plane not in PLANES:
        raise ViewerError(_("{entry}: the plane must be one of {planes}", entry=entry,
                            planes=", ".join(PLANES[:4])))
    return label.strip().upper(), plane, None


def series_for(study: Study, entry: str, triple: dict[str, Series | None]) -> Series | None:
    """The series one layout entry asks for (None when the study has none)."""
    label, plane, number = parse_entry(entry)
    usable = [s for s in study.series if s.images and not s.is_localizer]
    if number is not None:
        return next((s for s in usable if s.number == number), None)
    chosen = triple.get(label)
    if chosen is not None and (plane is None or chosen.plane == plane):
        return chosen
    wanted = plane or "sagittal"
    return next((s for s in usable if s.sequence == label and s.plane == wanted), None) or \
        (next((s for s in usable if s.sequence == label), None) if plane is None else None)


def axial_series(study: Study) -> Series | None:
    """The axial series to show beside the triple (T2 axial first), if the study has one."""
    axials = [s for s in study.series if s.images and not s.is_localizer and s.plane == "axial"
              and s.geometry is not None]
    for sequence in AXIAL_ORDER:
        found = [s for s in axials if s.sequence == sequence]
        if found:
            return max(found, key=lambda s: len(s.images))
    return max(axials, key=lambda s: len(s.images)) if axials else None


@dataclass
class PaneChoice:
    """What the panes show when a study opens (see :func:`pick_series`)."""

    #: The series of panes 1..n (None where the study lacks what the pane is for).
    series: list[Series | None]
    #: Pane -> the sequence it should show but the study lacks ("STIR").
    missing: dict[int, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    #: Pane -> the image to start on (pictures of one series spread over several panes).
    slices: dict[int, int] = field(default_factory=dict)
    #: True when the panes are not the T1 | T2 | STIR triple: use a layout that fits them.
    own_layout: bool = False


def pick_series(study: Study, layout: Sequence[str] | None = None) -> PaneChoice:
    """The series for the panes (None where missing), what is missing where, and notes.

    A sequence without position information is shown all the same, with a note that it
    cannot scroll with the others. A pane of the triple the study lacks shows the study's
    X-ray, fluoroscopy or ultrasound pictures instead, when it has some. With no T1, T2 or
    STIR at all (an X-ray study, another body part) the study's own pictures are shown side
    by side: the views of an X-ray series (AP and lateral) each in its own pane.
    """
    triple = choose_triple(study.series)
    entries = list(layout or TRIPLE_ORDER)
    if len(entries) > max(LAYOUTS.values()):
        raise ViewerError(_("at most {most} panels, not {count}", most=max(LAYOUTS.values()),
                            count=len(entries)))
    choice = PaneChoice([])
    for pane, entry in enumerate(entries):
        series = series_for(study, entry, triple)
        name = entry.strip().upper()
        if series is not None and series.geometry is None and \
                not without_position_is_normal(series.modality):
            choice.notes.append(_("the {sequence} series has no position information: it is "
                                  "shown, but cannot scroll with the others", sequence=name))
        if series is None:
            choice.missing[pane] = name
            choice.notes.append(_("no {sequence} series in this study", sequence=name))
        choice.series.append(series)
    if all(series is None for series in choice.series):
        if layout is not None:
            raise ViewerError(_("none of the requested sequences is in this study"))
        return _what_it_has(study, len(entries)) or choice
    if layout is None:
        _fill_with_pictures(study, choice)
    return choice


def picture_series(study: Study) -> list[Series]:
    """The study's pictures without a patient position (X-ray, fluoroscopy, ultrasound,
    colour), in series order."""
    return [s for s in study.series if s.images and s.geometry is None
            and without_position_is_normal(s.modality)]


def _fill_with_pictures(study: Study, choice: PaneChoice) -> None:
    """Panes of the triple the study lacks show its other pictures, in series order."""
    spare = [s for s in picture_series(study) if s not in choice.series]
    for pane in sorted(choice.missing):
        if not spare:
            return
        choice.series[pane] = spare.pop(0)
        del choice.missing[pane]


def _what_it_has(study: Study, panes: int) -> PaneChoice | None:
    """A study without the triple: its first series, or pictures, one per pane; the still
    images of one picture series (two views of an X-ray) each get a pane."""
    usable = [s for s in study.series if s.images and not s.is_localizer]
    if not usable:
        return None
    units: list[tuple[Series, int]] = []
    for series in usable:
        stills = series.geometry is None and without_position_is_normal(series.modality) \
            and not is_clip(series)
        if stills:
            units += [(series, k) for k in range(len(series.images))]
        else:
            units.append((series, len(series.images) // 2))
    pictures = all(without_position_is_normal(s.modality) for s in usable)
    shown = units[:max(panes, max(LAYOUTS.values())) if pictures else panes]
    notes = [] if pictures else [_("no T1, T2 or STIR series was recognised; the study's "
                                   "first series are shown instead")]
    choice = PaneChoice([s for s, _k in shown], notes=notes, own_layout=pictures)
    choice.slices = {pane: k for pane, (s, k) in enumerate(shown)
                     if s.geometry is None and without_position_is_normal(s.modality)
                     and not is_clip(s)}
    if not pictures:
        choice.series += [None] * (panes - len(shown))
    return choice
