"""A plain, Qt-free signal: the core's models announce changes through these.

Each model owns its events (a pane its own, the viewer its own), as napari's evented models
do, so a view subscribes to exactly what it shows. Listeners run in the order they connected;
one that raises is logged and does not stop the others (the change has already happened).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)


class Event:
    """Callbacks called with the same arguments on every :meth:`emit`."""

    def __init__(self) -> None:
        self._listeners: list[Callable[..., Any]] = []

    def connect(self, listener: Callable[..., Any]) -> Callable[[], None]:
        """Call ``listener(*args)`` on every emit; returns a function that disconnects it."""
        self._listeners.append(listener)
        return lambda: self.disconnect(listener)

    def disconnect(self, listener: Callable[..., Any]) -> None:
        """Stop calling ``listener`` (no error when it was not connected)."""
        if listener in self._listeners:
            self._listeners.remove(listener)

    def emit(self, *args: Any) -> None:
        """Call every listener with ``args``."""
        for listener in list(self._listeners):
            try:
                listener(*args)
            except Exception:
                log.exception("listener %r failed", listener)

    def __len__(self) -> int:
        return len(self._listeners)
