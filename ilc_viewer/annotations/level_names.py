"""Spine level names from T10 to S1: vertebrae ("L4") and the discs between them ("L4/5").

All names sit on one head-to-foot **scale** that alternates vertebra and disc: T10, T10/11,
T11, ..., L5, L5/S1, S1. A transitional sixth lumbar vertebra (about 1 in 15 people) adds L6:
..., L5, L5/6, L6, L6/S1, S1. Disc names follow radiology usage: the lower vertebra's number
only when both are of one region ("L4/5", "T11/12"), both names across regions ("T12/L1",
"L5/S1"). Plain Python, no numpy.
"""

from __future__ import annotations

from functools import cache
from itertools import pairwise

VERTEBRAE = ("T10", "T11", "T12", "L1", "L2", "L3", "L4", "L5", "S1")
#: The names only a spine with a transitional L6 has.
L6_NAMES = ("L5/6", "L6", "L6/S1")
DISC = "disc"
VERTEBRA = "vertebra"


def disc_name(upper: str, lower: str) -> str:
    """The disc between two vertebrae: ``("L4", "L5") -> "L4/5"``, ``("T12", "L1") -> "T12/L1"``."""
    if upper[0] == lower[0]:
        return f"{upper}/{lower[1:]}"
    return f"{upper}/{lower}"


@cache
def scale(transitional_l6: bool = False) -> tuple[str, ...]:
    """Every level name head to foot, vertebrae and discs alternating."""
    names = list(VERTEBRAE)
    if transitional_l6:
        names.insert(names.index("L5") + 1, "L6")
    out: list[str] = []
    for upper, lower in pairwise(names):
        out += [upper, disc_name(upper, lower)]
    return (*out, names[-1])


def is_disc(name: str) -> bool:
    """True for a disc name ("L4/5"), False for a vertebra ("L4")."""
    return "/" in name


def kind_of(name: str) -> str:
    """``"disc"`` or ``"vertebra"``."""
    return DISC if is_disc(name) else VERTEBRA


def is_level_name(name: str) -> bool:
    """True for any name of either scale (with or without L6)."""
    return name in scale(False) or name in scale(True)


def needs_l6(names: object) -> bool:
    """True when any of ``names`` exists only on a spine with a transitional L6."""
    return any(name in L6_NAMES for name in names)  # type: ignore[attr-defined]


def index_of(name: str, transitional_l6: bool = False) -> int:
    """Position of a name on the scale (0 = T10, growing toward the feet)."""
    try:
        return scale(transitional_l6).index(name)
    except ValueError:
        raise ValueError(f"{name!r} is not a spine level of T10 to S1"
                         + (" with L6" if transitional_l6 else "")) from None


def step(name: str, toward: int, kind: str | None = None,
         transitional_l6: bool = False) -> str | None:
    """The next level of ``kind`` (default: the same kind) from ``name``.

    ``toward`` is +1 for the feet and -1 for the head; ``None`` past T10 or S1.
    """
    kind = kind or kind_of(name)
    names = scale(transitional_l6)
    k = index_of(name, transitional_l6) + toward
    while 0 <= k < len(names):
        if kind_of(names[k]) == kind:
            return names[k]
        k += toward
    return None
