"""Which series go in which pane: the triple, a layout asked for, and the axial pane.

A layout entry is a sequence label ("t1", "t2", "stir", "flair", ...), optionally with a plane
("t2:axial", "t1:sagittal"; without one, sagittal is preferred), or a series number ("#8").
The default layout is the recognised T1 / T2 / STIR triple (:func:`choose_triple`).
"""

from __future__ import annotations

from collections.abc import Sequence

from ilc_viewer.errors import ViewerError
from ilc_viewer.open_study.pane_state import LAYOUTS, TRIPLE_ORDER
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


def pick_series(study: Study, layout: Sequence[str] | None = None
                ) -> tuple[list[Series | None], dict[int, str], list[str]]:
    """The series for the panes (None where missing), what is missing where, and notes.

    A sequence without position information is shown all the same, with a note that it
    cannot scroll with the others. With no T1, T2 or STIR at all (an X-ray, another body
    part) the study's first series are shown instead.
    """
    triple = choose_triple(study.series)
    entries = list(layout or TRIPLE_ORDER)
    if len(entries) > max(LAYOUTS.values()):
        raise ViewerError(_("at most {most} panels, not {count}", most=max(LAYOUTS.values()),
                            count=len(entries)))
    chosen: list[Series | None] = []
    missing: dict[int, str] = {}
    notes: list[str] = []
    for pane, entry in enumerate(entries):
        series = series_for(study, entry, triple)
        name = entry.strip().upper()
        if series is not None and series.geometry is None:
            notes.append(_("the {sequence} series has no position information: it is shown, "
                           "but cannot scroll with the others", sequence=name))
        if series is None:
            missing[pane] = name
            notes.append(_("no {sequence} series in this study", sequence=name))
        chosen.append(series)
    if all(series is None for series in chosen):
        if layout is not None:
            raise ViewerError(_("none of the requested sequences is in this study"))
        shown = [s for s in study.series if s.images and not s.is_localizer][:len(entries)]
        if shown:
            return ([*shown, *[None] * (len(entries) - len(shown))], {},
                    [_("no T1, T2 or STIR series was recognised; the study's first series are "
                       "shown instead")])
    return chosen, missing, notes
