"""What a panel says about a picture without a patient position (X-ray, clip, ultrasound).

The panel scene (:mod:`ilc_viewer.scene.panel`) asks these: the edge letters, from the
image's plane or, on a picture, its Patient Orientation; whether its sizes are an X-ray's,
measured at the detector; and why its pane does not scroll with the others, wrapped.
"""

from __future__ import annotations

from ilc_viewer.open_study.pane_state import PaneState
from ilc_viewer.scene import text as fonts
from ilc_viewer.words import overlay_text


def edge_letters(ps: PaneState, lang: str) -> overlay_text.EdgeLetters | None:
    """Which side of the patient lies at each edge of the pane's image; None when unknown."""
    series, geometry = ps.series, ps.geometry
    if series is None or geometry is None:
        return None
    if series.geometry is not None:
        return overlay_text.orientation_letters(geometry, lang, ps.slice_index)
    image = ps.image
    return overlay_text.patient_orientation_letters(
        image.patient_orientation if image is not None else (), lang)


def at_detector(ps: PaneState) -> bool:
    """True when the pane's image sizes are an X-ray's, measured at the detector."""
    image = ps.image
    return image is not None and image.spacing_at == "detector"


def not_linked_lines(ps: PaneState, lang: str, panes: int, width: float, size: int
                     ) -> list[str]:
    """Why a picture's pane does not scroll with the others, wrapped to ``width`` at text
    ``size`` (nothing for a patient-positioned series, or a pane shown alone)."""
    series = ps.series
    if series is None or series.geometry is not None or panes < 2:
        return []
    return fonts.wrap_at(overlay_text.not_linked_note(series, lang), width, size)
