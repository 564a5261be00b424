"""Open a DICOM association with the clinic server and turn every failure into one sentence.

pynetdicom reports a failed association only through its log and a few flags, so this module
listens to its log while connecting and says plainly what went wrong: the server did not
answer within the timeout, refused the TCP connection, rejected our AE title, or accepted
the association but not the service asked for.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from pynetdicom import AE
from pynetdicom.association import Association

from ilc_viewer.dicom.network.settings import NetworkError, ServerSettings
from ilc_viewer.words.catalogue import N_, Message, _

#: pynetdicom's log lines that explain a failed association, and what we say instead.
_TCP_ERROR = "TCP Initialisation Error:"
_REJECT_REASON = "Reason:"

#: The jobs named at the start of a network message ("search: the clinic server ...").
#: Translators: each names what the viewer was doing with the clinic server.
JOBS = {"echo": N_("echo"), "search": N_("search"), "series search": N_("series search"),
        "retrieve": N_("retrieve"), "store": N_("store")}


def job(name: str) -> str:
    """The job ``name`` ("echo", "search", "series search", "retrieve", "store") as words
    said in the message's language; other names ("C-GET", "C-MOVE") are kept as they are."""
    return Message(JOBS[name]) if name in JOBS else name


class _Collector(logging.Handler):
    """Keeps pynetdicom's error lines written while one association is being opened."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


_collect_lock = threading.Lock()


def make_ae(settings: ServerSettings) -> AE:
    """An application entity with our AE title and the settings' timeouts."""
    ae = AE(ae_title=settings.calling_aet)
    ae.connection_timeout = settings.connect_timeout
    ae.acse_timeout = settings.timeout
    ae.dimse_timeout = settings.timeout
    ae.network_timeout = settings.timeout
    ae.maximum_associations = 1
    return ae


@contextmanager
def association(settings: ServerSettings, ae: AE, what: str,
                **options: Any) -> Iterator[Association]:
    """An established association with the server, released (or aborted) on exit.

    ``what`` names the job for messages ("search", "retrieve" ...). ``options`` go to
    ``AE.associate`` (``ext_neg``, ``evt_handlers``). Raises :class:`NetworkError` with one
    sentence when no association could be made.
    """
    settings.check()
    collector = _Collector()
    log = logging.getLogger("pynetdicom")
    started = time.monotonic()
    with _collect_lock:
        log.addHandler(collector)
    try:
        assoc = ae.associate(settings.host, settings.port, ae_title=settings.called_aet,
                             **options)
    finally:
        with _collect_lock:
            log.removeHandler(collector)
    if not assoc.is_established:
        raise NetworkError(failure_line(settings, what, assoc, collector.lines,
                                        time.monotonic() - started))
    try:
        yield assoc
    except BaseException:
        if assoc.is_established:
            assoc.abort()
        raise
    else:
        if assoc.is_established:
            assoc.release()


def failure_line(settings: ServerSettings, what: str, assoc: Association,
                 log_lines: Sequence[str], elapsed: float) -> str:
    """One sentence for a failed association, from its flags and pynetdicom's log."""
    what, server = job(what), settings.label
    if assoc.is_rejected:
        reason = next((line.split(":", 1)[1].strip() for line in log_lines
                       if line.startswith(_REJECT_REASON)), None)
        return _("{what}: the clinic server {server} refused the connection ({reason}); check "
                 "that it knows our AE title {ours!r} and that its AE title is {theirs!r}",
                 what=what, server=server, reason=reason or _("no reason given"),
                 ours=settings.calling_aet, theirs=settings.called_aet)
    tcp = next((line[len(_TCP_ERROR):].strip() for line in log_lines
                if line.startswith(_TCP_ERROR)), "")
    if "refused" in tcp.lower():
        return _("{what}: the clinic server {server} refused the connection (nothing listens "
                 "on that port)", what=what, server=server)
    if "timed out" in tcp.lower() or elapsed >= min(settings.connect_timeout,
                                                      settings.timeout) * 0.9:
        limit = settings.connect_timeout if tcp else settings.timeout
        return _("{what}: the clinic server {server} did not answer within {seconds:g} s",
                 what=what, server=server, seconds=limit)
    if tcp:
        return _("{what}: the clinic server {server} cannot be reached ({reason})",
                 what=what, server=server, reason=tcp)
    if assoc.is_aborted:
        return _("{what}: the clinic server {server} broke off the connection",
                 what=what, server=server)
    return _("{what}: the clinic server {server} did not accept the connection",
             what=what, server=server)


def require_context(assoc: Association, sop_class: str, what: str,
                    settings: ServerSettings) -> None:
    """Raise :class:`NetworkError` unless the server accepted ``sop_class`` on ``assoc``."""
    if not any(cx.abstract_syntax == sop_class for cx in assoc.accepted_contexts):
        raise NetworkError(_("{what}: the clinic server {server} does not offer this service "
                             "({service})", what=job(what), server=settings.label,
                             service=_service_name(sop_class)))


def stopped_answering(settings: ServerSettings, what: str) -> str:
    """The sentence for a request the server stopped answering (timeout or broken line)."""
    return _("{what}: the clinic server {server} stopped answering (timeout {seconds:g} s)",
             what=job(what), server=settings.label, seconds=settings.timeout)


def error_status(settings: ServerSettings, what: str, code: int, comment: str = "") -> str:
    """The sentence for an error status ``code`` of the server, with its comment if any."""
    if comment:
        return _("{what}: the clinic server {server} answered with error 0x{code:04X} "
                 "({comment})", what=job(what), server=settings.label, code=code,
                 comment=comment)
    return _("{what}: the clinic server {server} answered with error 0x{code:04X}",
             what=job(what), server=settings.label, code=code)


def _service_name(uid: str) -> str:
    from pydicom.uid import UID

    return UID(uid).name
