"""Notice any attempt to reach the network from Python, with an audit hook (PEP 578).

The viewer must not open a network connection unless the clinic's server is configured.
Every socket operation of Python raises an audit event before it happens; this watch records
those on internet sockets (IPv4 and IPv6: connecting, sending, listening) and name look-ups.
Local sockets (Unix sockets: D-Bus, the X server) are not the network and are not recorded.
An audit hook cannot be removed, so there is one watch per process; it costs a function call
per audit event. (Qt's own C++ code raises no Python events; the viewer uses no Qt networking
and the bundle does not carry it. CI also traces the bundle's system calls: .ci/bundle.)
"""

from __future__ import annotations

import socket
import sys
import threading
from typing import Any

#: Audit events of a socket that is given as the first argument.
_SOCKET_EVENTS = ("socket.connect", "socket.sendto", "socket.sendmsg", "socket.bind")
_INTERNET = (socket.AF_INET, socket.AF_INET6)


class NetworkWatch:
    """The attempts to reach the network seen since :meth:`start` (one watch per process)."""

    def __init__(self) -> None:
        self._attempts: list[str] = []
        self._lock = threading.Lock()
        self._started = False

    def start(self) -> NetworkWatch:
        """Begin watching (once; later calls change nothing)."""
        if not self._started:
            self._started = True
            sys.addaudithook(self._hook)
        return self

    @property
    def attempts(self) -> list[str]:
        """What was tried, one short description each (e.g. ``connect 10.0.0.5:104``)."""
        with self._lock:
            return list(self._attempts)

    def _hook(self, event: str, args: tuple[Any, ...]) -> None:
        if not event.startswith("socket."):
            return
        if event == "socket.getaddrinfo" or event == "socket.gethostbyname":
            self._record(f"look-up {args[0]}")
        elif event in _SOCKET_EVENTS and args:
            sock = args[0]
            if getattr(sock, "family", None) in _INTERNET:
                address = args[1] if len(args) > 1 else ""
                if isinstance(address, tuple) and len(address) >= 2:
                    address = f"{address[0]}:{address[1]}"
                self._record(f"{event.split('.', 1)[1]} {address}")

    def _record(self, what: str) -> None:
        with self._lock:
            self._attempts.append(what)


#: The watch of this process.
WATCH = NetworkWatch()
