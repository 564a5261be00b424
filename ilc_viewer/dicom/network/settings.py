"""The clinic server's settings (AE titles, host, port, timeouts) as plain data, without Qt.

The window keeps them in QSettings (``ui/server_settings.py``), the command line takes them
from options; both build a :class:`ServerSettings`. With no host set, nothing in the program
opens a network connection.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from ilc_viewer.errors import ViewerError
from ilc_viewer.words.catalogue import _

#: Our AE title when the user has not set one (16 characters at most, PS3.5 AE).
DEFAULT_CALLING_AET = "ILCVIEWER"
DEFAULT_PORT = 104
RETRIEVE_MODES = ("auto", "get", "move")
_AET = re.compile(r"^[\x20-\x5b\x5d-\x7e]{1,16}$")  # printable ASCII but backslash
#: Size of the retrieve cache when the user has not chosen one (MiB).
DEFAULT_CACHE_MB = 4096


class NetworkError(ViewerError):
    """A server could not be reached or refused a request (one plain sentence)."""


class Cancelled(ViewerError):
    """The user cancelled a transfer; nothing partial was kept."""


@dataclass(frozen=True)
class ServerSettings:
    """How to reach the clinic server, and how the viewer calls itself there."""

    host: str = ""
    port: int = DEFAULT_PORT
    #: The server's AE title ("called AE").
    called_aet: str = "ANY-SCP"
    #: Our AE title ("calling AE"); the server must know it for C-GET / C-MOVE.
    calling_aet: str = DEFAULT_CALLING_AET
    #: Seconds to wait for the TCP connection.
    connect_timeout: float = 5.0
    #: Seconds to wait for any answer once connected (association, messages, network).
    timeout: float = 30.0
    #: "auto" tries C-GET and falls back to C-MOVE where the server refuses C-GET.
    retrieve: str = "auto"
    #: Our port for C-MOVE: the server sends the images there (0 = no C-MOVE).
    receive_port: int = 0
    #: Upper size of the local retrieve cache, MiB.
    cache_mb: int = DEFAULT_CACHE_MB

    @property
    def configured(self) -> bool:
        """True when a server is set (only then may the program open a connection)."""
        return bool(self.host.strip())

    @property
    def label(self) -> str:
        """``AET@host:port`` for messages."""
        return f"{self.called_aet}@{self.host}:{self.port}"

    def problems(self) -> list[str]:
        """What is wrong with the settings, one plain sentence each (empty when usable)."""
        out = []
        if not self.configured:
            out.append(_("no clinic server is set (host is empty)"))
        if not 1 <= self.port <= 65535:
            out.append(_("port {port} is not between 1 and 65535", port=self.port))
        if not _AET.match(self.called_aet) or not self.called_aet.strip():
            out.append(_("the server AE title {value!r} must be 1-16 printable characters, "
                         "no backslash", value=self.called_aet))
        if not _AET.match(self.calling_aet) or not self.calling_aet.strip():
            out.append(_("our AE title {value!r} must be 1-16 printable characters, no "
                         "backslash", value=self.calling_aet))
        if not (self.connect_timeout > 0 and self.timeout > 0):
            out.append(_("timeouts must be above 0 seconds"))
        if self.retrieve not in RETRIEVE_MODES:
            out.append(_("retrieve must be one of {modes}", modes=", ".join(RETRIEVE_MODES)))
        if not 0 <= self.receive_port <= 65535:
            out.append(_("receive port {port} is not between 0 and 65535",
                         port=self.receive_port))
        if self.cache_mb < 1:
            out.append(_("the cache must be at least 1 MiB"))
        return out

    def check(self) -> ServerSettings:
        """Raise :class:`NetworkError` with the first problem; return self when usable."""
        problems = self.problems()
        if problems:
            raise NetworkError(_("server settings: {problem}", problem=problems[0]))
        return self

    def to_dict(self) -> dict[str, Any]:
        """Plain values for saving (QSettings, JSON)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ServerSettings:
        """Settings from saved values; unknown keys are ignored, bad values keep defaults.

        QSettings gives strings back on some platforms, so numbers are converted here.
        """
        out = cls()
        for f in fields(cls):
            if f.name not in data or data[f.name] is None:
                continue
            default = getattr(out, f.name)
            try:
                value = type(default)(data[f.name])
            except (TypeError, ValueError):
                continue
            out = replace(out, **{f.name: value.strip() if isinstance(value, str) else value})
        return out


def parse_server(text: str) -> tuple[str, int]:
    """``HOST:PORT`` (or ``HOST``, port 104) -> (host, port); ``NetworkError`` when bad."""
    text = text.strip()
    host, sep, port_text = text.rpartition(":")
    if not sep:
        host, port_text = text, str(DEFAULT_PORT)
    if host.startswith("[") and host.endswith("]"):  # [::1]:104
        host = host[1:-1]
    try:
        port = int(port_text)
    except ValueError:
        raise NetworkError(_("{text!r} is not HOST:PORT (the port must be a number)",
                               text=text)) from None
    if not host or not 1 <= port <= 65535:
        raise NetworkError(_("{text!r} is not HOST:PORT with a port from 1 to 65535",
                             text=text))
    return host, port
