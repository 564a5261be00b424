"""The clinic network: C-ECHO, C-FIND, C-GET (C-MOVE fallback) and C-STORE with pynetdicom.

Nothing here runs unless a server is configured (:class:`ServerSettings.configured`), and
nothing imports Qt: the window runs these functions on a worker thread, the command line
directly. Every failure is a :class:`NetworkError` with one sentence for the user;
a cancelled transfer raises :class:`Cancelled` and leaves nothing half-written.
"""

from importlib import import_module
from typing import Any

#: Where each public name lives. Loaded on first use: the window reads the server settings at
#: start, and pynetdicom (imported by the transfer modules) must not slow the first image.
_HOMES = {
    "RetrieveCache": "cache", "default_cache_dir": "cache",
    "ServerClient": "client",
    "SeriesMatch": "query", "StudyMatch": "query", "StudyQuery": "query", "echo": "query",
    "find_series": "query", "find_studies": "query",
    "RetrieveResult": "retrieve", "retrieve_study": "retrieve",
    "Cancelled": "settings", "NetworkError": "settings", "ServerSettings": "settings",
    "parse_server": "settings",
    "StoreResult": "store", "store": "store",
}
__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    """The public name ``name``, imported from its module on first use."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value
