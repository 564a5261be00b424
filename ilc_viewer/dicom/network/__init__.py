"""The clinic network: C-ECHO, C-FIND, C-GET (C-MOVE fallback) and C-STORE with pynetdicom.

Nothing here runs unless a server is configured (:class:`ServerSettings.configured`), and
nothing imports Qt: the window runs these functions on a worker thread, the command line
directly. Every failure is a :class:`NetworkError` with one sentence for the user;
a cancelled transfer raises :class:`Cancelled` and leaves nothing half-written.
"""

from ilc_viewer.dicom.network.cache import RetrieveCache, default_cache_dir
from ilc_viewer.dicom.network.client import ServerClient
from ilc_viewer.dicom.network.query import (
    SeriesMatch,
    StudyMatch,
    StudyQuery,
    echo,
    find_series,
    find_studies,
)
from ilc_viewer.dicom.network.retrieve import RetrieveResult, retrieve_study
from ilc_viewer.dicom.network.settings import (
    Cancelled,
    NetworkError,
    ServerSettings,
    parse_server,
)
from ilc_viewer.dicom.network.store import StoreResult, store

__all__ = [
    "Cancelled",
    "NetworkError",
    "RetrieveCache",
    "RetrieveResult",
    "SeriesMatch",
    "ServerClient",
    "ServerSettings",
    "StoreResult",
    "StudyMatch",
    "StudyQuery",
    "default_cache_dir",
    "echo",
    "find_series",
    "find_studies",
    "parse_server",
    "retrieve_study",
    "store",
]
