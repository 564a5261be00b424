"""One object for the window's server dialog: the settings and cache bound to the calls.

The Qt dialogs take any object with these methods (tests pass a fake), and run them on a
worker thread; nothing here knows about threads or Qt.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from ilc_viewer.dicom.network.cache import RetrieveCache
from ilc_viewer.dicom.network.query import (
    SeriesMatch,
    StudyMatch,
    StudyQuery,
    echo,
    find_series,
    find_studies,
)
from ilc_viewer.dicom.network.retrieve import RetrieveResult, retrieve_study
from ilc_viewer.dicom.network.settings import ServerSettings


class ServerClient:
    """Search and retrieve on the configured server, into ``cache``."""

    def __init__(self, settings: ServerSettings, cache: RetrieveCache | None = None) -> None:
        self.settings = settings
        self.cache = cache or RetrieveCache(limit_bytes=settings.cache_mb << 20)

    def echo(self) -> float:
        """C-ECHO; seconds."""
        return echo(self.settings)

    def find_studies(self, query: StudyQuery,
                     cancelled: Callable[[], bool] = lambda: False) -> list[StudyMatch]:
        """Studies matching ``query``, newest first."""
        return find_studies(self.settings, query, cancelled)

    def find_series(self, study_uid: str,
                    cancelled: Callable[[], bool] = lambda: False) -> list[SeriesMatch]:
        """The series of one study."""
        return find_series(self.settings, study_uid, cancelled)

    def retrieve(self, study_uid: str, progress: Callable[[int, int], None],
                 cancel: threading.Event) -> RetrieveResult:
        """The study in the cache (its folder opens like any study)."""
        return retrieve_study(self.settings, study_uid, self.cache, progress, cancel)
