"""The T1 + T2 + STIR triple of a study: the three series the consultation room shows.

Candidates are MR series with images, not localizers and not derived maps, labelled by
:func:`ilc_viewer.study.sequences.classify_series`. Among the groups of one study, frame of
reference and plane, the group with the most of the three filled wins, then sagittal over
axial over coronal, then the most slices.
"""

from __future__ import annotations

from collections.abc import Sequence

from ilc_viewer.study.model import Series
from ilc_viewer.study.sequences import (
    classify_series,
    is_derived_map,
    is_fat_suppressed,
    is_gradient_echo,
    is_post_contrast,
)

#: Planes in the order the triple prefers them.
_PLANE_RANK = {"sagittal": 4, "axial": 3, "coronal": 2, "oblique": 1}


def _label_of(series: Series) -> str:
    """The series' label as the loader set it, or a fresh classification."""
    if series.sequence_reason or series.sequence != "OTHER":
        return series.sequence
    return classify_series(series)[0]


def _rank(series: Series, slot: str) -> tuple:
    """Sort key within one slot of a group: higher is a better pick for the triple."""
    p = series.params
    gradient = is_gradient_echo(p) and slot != "STIR"
    derived = "DERIVED" in {t.upper() for t in p.image_type}
    fat_sat = slot != "STIR" and is_fat_suppressed(p, series.description)
    number = series.number if series.number is not None else -1
    # Pre-contrast, original, spin-echo, non-fat-sat images are the standard anatomy pictures;
    # then more slices; a later series number wins a tie (a repeat is usually the better run).
    return (not is_post_contrast(p, series.description), not derived, not gradient,
            not fat_sat, len(series.images), number)


def choose_triple(series: Sequence[Series]) -> dict[str, Series | None]:
    """The best T1 + T2 + STIR set sharing one plane and frame of reference.

    Candidates are MR series with images, not localizers and not derived maps. Series are
    grouped by (study, frame of reference, plane); the group with the most of the three
    filled wins, then sagittal over axial over coronal, then the most slices. Missing
    sequences are ``None``.
    """
    groups: dict[tuple[str, str, str], dict[str, list[Series]]] = {}
    for s in series:
        if (s.modality or "MR").upper() != "MR" or not s.images or is_derived_map(s):
            continue
        label = _label_of(s)
        if label not in ("T1", "T2", "STIR"):
            continue
        key = (s.study_uid, s.frame_of_reference_uid, s.plane)
        groups.setdefault(key, {}).setdefault(label, []).append(s)
    best: tuple | None = None
    triple: dict[str, Series | None] = {"T1": None, "T2": None, "STIR": None}
    for (_study, _frame, plane), slots in groups.items():
        picks = {slot: max(found, key=lambda s, slot=slot: _rank(s, slot))
                 for slot, found in slots.items()}
        score = (len(picks), _PLANE_RANK.get(plane, 0),
                 sum(len(s.images) for s in picks.values()))
        if best is None or score > best:
            best = score
            triple = {slot: picks.get(slot) for slot in ("T1", "T2", "STIR")}
    return triple
