"""How fast a clip plays: a fluoroscopy run or an ultrasound loop, frame by frame.

The file says it in one of several ways (PS3.3 C.7.6.5 Cine, C.8.5.6, C.7.6.16.2.2):
Recommended Display Frame Rate (what the modality asks the display to use), Cine Rate (the
frames per second to show), Frame Time Vector (the time from one frame to the next, frame
by frame, for runs with changing speed) or Frame Time (one interval for every frame). They
are taken in that order; a clip that says none plays at :data:`DEFAULT_FPS`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ilc_viewer.study.model import Series

#: Frames per second of a clip whose file gives no rate.
DEFAULT_FPS = 15.0
#: Rates outside this range are not believed (a damaged value would freeze or race).
MIN_FPS, MAX_FPS = 0.5, 120.0


@dataclass(frozen=True)
class PlaybackRate:
    """The time from frame ``index`` to the next and where it came from."""

    interval_ms: float
    #: "display_rate", "cine_rate", "frame_time_vector", "frame_time" or "default".
    source: str

    @property
    def fps(self) -> float:
        """Frames per second at this interval."""
        return 1000.0 / self.interval_ms


def playback_rate(series: Series, index: int) -> PlaybackRate:
    """How long frame ``index`` of a clip stays on screen before the next one."""
    if not series.images:
        return PlaybackRate(1000.0 / DEFAULT_FPS, "default")
    image = series.images[max(0, min(index, len(series.images) - 1))]
    cine = image.cine
    if cine is not None:
        for fps, source in ((cine.display_rate, "display_rate"), (cine.cine_rate, "cine_rate")):
            if fps is not None and MIN_FPS <= fps <= MAX_FPS:
                return PlaybackRate(1000.0 / fps, source)
        vector = cine.frame_time_vector
        frame = image.frame or 0
        # the vector's entry k is the time from frame k-1 to frame k (its first is 0)
        if frame + 1 < len(vector) and _believable(vector[frame + 1]):
            return PlaybackRate(vector[frame + 1], "frame_time_vector")
        if cine.frame_time_ms is not None and _believable(cine.frame_time_ms):
            return PlaybackRate(cine.frame_time_ms, "frame_time")
    return PlaybackRate(1000.0 / DEFAULT_FPS, "default")


def _believable(interval_ms: float) -> bool:
    return 1000.0 / MAX_FPS <= interval_ms <= 1000.0 / MIN_FPS


def next_frame(index: int, count: int, loop: bool = True, step: int = 1) -> int | None:
    """The frame after ``index`` when playing (``step`` -1 plays backwards); ``None`` at the
    end of a clip that does not loop."""
    if count <= 0:
        return None
    following = index + step
    if 0 <= following < count:
        return following
    return following % count if loop else None
