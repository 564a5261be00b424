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

#: pynetdicom's log lines that explain a failed association, and what we say instead.
_TCP_ERROR = "TCP Initialisation Error:"
_REJECT_REASON = "Reason:"


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
    where = f"the clinic server {settings.label}"
    if assoc.is_rejected:
        reason = next((line.split(":", 1)[1].strip() for line in log_lines
                       if line.startswith(_REJECT_REASON)), "no reason given")
        return (f"{what}: {where} refused the connection ({reason}); check that it knows our "
                f"AE title {settings.calling_aet!r} and that its AE title is "
                f"{settings.called_aet!r}")
    tcp = next((line[len(_TCP_ERROR):].strip() for line in log_lines
                if line.startswith(_TCP_ERROR)), "")
    if "refused" in tcp.lower():
        return f"{what}: {where} refused the connection (nothing listens on that port)"
    if "timed out" in tcp.lower() or elapsed >= min(settings.connect_timeout,
                                                      settings.timeout) * 0.9:
        limit = settings.connect_timeout if tcp else settings.timeout
        return f"{what}: {where} did not answer within {limit:g} s"
    if tcp:
        return f"{what}: {where} cannot be reached ({tcp})"
    if assoc.is_aborted:
        return f"{what}: {where} broke off the connection"
    return f"{what}: {where} did not accept the connection"


def require_context(assoc: Association, sop_class: str, what: str,
                    settings: ServerSettings) -> None:
    """Raise :class:`NetworkError` unless the server accepted ``sop_class`` on ``assoc``."""
    if not any(cx.abstract_syntax == sop_class for cx in assoc.accepted_contexts):
        raise NetworkError(f"{what}: the clinic server {settings.label} does not offer this "
                           f"service ({_service_name(sop_class)})")


def _service_name(uid: str) -> str:
    from pydicom.uid import UID

    return UID(uid).name
