"""Retrieve a whole study from the server into the cache: C-GET, or C-MOVE where needed.

C-GET brings the instances back on the same association (nothing to open on our side), so
it is tried first. Where the server does not offer C-GET (or refuses it), and a receive port
is set, C-MOVE asks the server to send the study to our AE title, received by a short-lived
Storage SCP on that port. Progress is reported as (done, total); cancelling aborts the
association at once and drops what was received.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pydicom.dataset import Dataset
from pydicom.uid import (
    JPEG2000,
    DeflatedExplicitVRLittleEndian,
    ExplicitVRBigEndian,
    ExplicitVRLittleEndian,
    ImplicitVRLittleEndian,
    JPEG2000Lossless,
    JPEGBaseline8Bit,
    JPEGExtended12Bit,
    JPEGLosslessSV1,
    JPEGLSLossless,
    JPEGLSNearLossless,
    RLELossless,
)
from pynetdicom import build_role, evt
from pynetdicom.sop_class import (
    StudyRootQueryRetrieveInformationModelGet,
    StudyRootQueryRetrieveInformationModelMove,
)

from ilc_viewer.dicom.network.cache import PartialStudy, RetrieveCache
from ilc_viewer.dicom.network.connection import (
    association,
    error_status,
    make_ae,
    stopped_answering,
)
from ilc_viewer.dicom.network.settings import Cancelled, NetworkError, ServerSettings
from ilc_viewer.words.catalogue import _, message_of

Progress = Callable[[int, int], None]

#: Transfer syntaxes we accept, so the server can send what it stored without transcoding.
TRANSFER_SYNTAXES = [
    ExplicitVRLittleEndian, ImplicitVRLittleEndian, DeflatedExplicitVRLittleEndian,
    ExplicitVRBigEndian, JPEGLosslessSV1, JPEGBaseline8Bit, JPEGExtended12Bit,
    JPEGLSLossless, JPEGLSNearLossless, JPEG2000Lossless, JPEG2000, RLELossless,
]
#: Storage SOP classes a lumbar MRI study brings, with the objects the viewer shares
#: (presentation states, key objects, secondary captures, reports).
STORAGE_CLASSES = [
    "1.2.840.10008.5.1.4.1.1.4",  # MR Image
    "1.2.840.10008.5.1.4.1.1.4.1",  # Enhanced MR Image
    "1.2.840.10008.5.1.4.1.1.4.3",  # Enhanced MR Color Image
    "1.2.840.10008.5.1.4.1.1.2",  # CT Image
    "1.2.840.10008.5.1.4.1.1.2.1",  # Enhanced CT Image
    "1.2.840.10008.5.1.4.1.1.1",  # Computed Radiography
    "1.2.840.10008.5.1.4.1.1.1.1",  # Digital X-Ray (presentation)
    "1.2.840.10008.5.1.4.1.1.1.1.1",  # Digital X-Ray (processing)
    "1.2.840.10008.5.1.4.1.1.7",  # Secondary Capture
    "1.2.840.10008.5.1.4.1.1.7.1",  # Multi-frame Single Bit SC
    "1.2.840.10008.5.1.4.1.1.7.2",  # Multi-frame Grayscale Byte SC
    "1.2.840.10008.5.1.4.1.1.7.3",  # Multi-frame Grayscale Word SC
    "1.2.840.10008.5.1.4.1.1.7.4",  # Multi-frame True Color SC
    "1.2.840.10008.5.1.4.1.1.11.1",  # Grayscale Softcopy Presentation State
    "1.2.840.10008.5.1.4.1.1.11.2",  # Color Softcopy Presentation State
    "1.2.840.10008.5.1.4.1.1.88.59",  # Key Object Selection Document
    "1.2.840.10008.5.1.4.1.1.88.11",  # Basic Text SR
    "1.2.840.10008.5.1.4.1.1.88.22",  # Enhanced SR
    "1.2.840.10008.5.1.4.1.1.88.33",  # Comprehensive SR
    "1.2.840.10008.5.1.4.1.1.104.1",  # Encapsulated PDF
    "1.2.840.10008.5.1.4.1.1.6.1",  # Ultrasound Image
    "1.2.840.10008.5.1.4.1.1.12.1",  # X-Ray Angiographic Image
]
#: C-GET / C-MOVE status codes: pending, then success or warning (sub-operations failed).
_PENDING = (0xFF00,)
_SUCCESS = (0x0000, 0xB000)
_CANCEL = 0xFE00
#: Statuses that mean "this server will not do C-GET for us" (try C-MOVE instead).
_GET_REFUSED = (0x0122, 0xA701, 0xA702, 0xA900, 0xAA00, 0xC000)


@dataclass(frozen=True)
class RetrieveResult:
    """Where a retrieved study is and how it came."""

    folder: Path
    instances: int
    bytes: int
    method: str  # "C-GET" or "C-MOVE"


def retrieve_study(settings: ServerSettings, study_uid: str, cache: RetrieveCache,
                   progress: Progress | None = None,
                   cancel: threading.Event | None = None) -> RetrieveResult:
    """Bring every instance of a study into ``cache``; its folder opens like any study.

    Raises :class:`NetworkError` (one sentence) or :class:`Cancelled`.
    """
    settings.check()
    cancel = cancel or threading.Event()
    progress = progress or (lambda done, total: None)
    mode = settings.retrieve
    if mode in ("auto", "get"):
        try:
            return _run(settings, study_uid, cache, progress, cancel, _get)
        except _GetRefused as refused:
            if mode == "get":
                raise NetworkError(_("retrieve: {reason}", reason=message_of(refused))) from None
            if not settings.receive_port:
                raise NetworkError(_("retrieve: {reason}; set a receive port in the server "
                                     "settings to use C-MOVE", reason=message_of(refused))
                                   ) from None
    return _run(settings, study_uid, cache, progress, cancel, _move)


class _GetRefused(Exception):
    """The server does not do C-GET for us."""


def _run(settings: ServerSettings, study_uid: str, cache: RetrieveCache,
         progress: Progress, cancel: threading.Event, method: Callable[..., str]
         ) -> RetrieveResult:
    partial = cache.begin(study_uid)
    try:
        name = method(settings, study_uid, partial, progress, cancel)
        if cancel.is_set():
            raise Cancelled(_cancelled())
        if partial.count == 0:
            raise NetworkError(_("retrieve: the clinic server {server} sent no images of this "
                                 "study", server=settings.label))
        count, size = partial.count, partial.bytes
        folder = partial.commit()
    except BaseException:
        partial.discard()
        raise
    return RetrieveResult(folder, count, size, name)


def _identifier(study_uid: str) -> Dataset:
    ds = Dataset()
    ds.QueryRetrieveLevel = "STUDY"
    ds.StudyInstanceUID = study_uid
    return ds


def _store_handler(partial: PartialStudy, cancel: threading.Event) -> Callable[..., int]:
    def handle(event: evt.Event) -> int:
        if cancel.is_set():
            return 0xA700  # out of resources: we no longer want it
        partial.add(str(event.request.AffectedSOPInstanceUID), event.encoded_dataset())
        return 0x0000
    return handle


def _watch_cancel(assoc: object, cancel: threading.Event, done: threading.Event) -> None:
    """Abort the association as soon as the user cancels (the transfer may be mid-file)."""
    while not done.wait(0.05):
        if cancel.is_set():
            assoc.abort()  # type: ignore[attr-defined]
            return


def _responses(settings: ServerSettings, assoc: object, responses: object,
               progress: Progress, cancel: threading.Event, what: str) -> None:
    done = threading.Event()
    watcher = threading.Thread(target=_watch_cancel, args=(assoc, cancel, done), daemon=True)
    watcher.start()
    answered = False
    try:
        for status, _ in responses:  # type: ignore[attr-defined]
            if cancel.is_set():
                raise Cancelled(_cancelled())
            if not status:
                raise _no_answer(settings, assoc, what, answered)
            answered = True
            code = int(status.get("Status", 0xC000))
            remaining = int(status.get("NumberOfRemainingSuboperations", 0) or 0)
            finished = sum(int(status.get(k, 0) or 0) for k in (
                "NumberOfCompletedSuboperations", "NumberOfFailedSuboperations",
                "NumberOfWarningSuboperations"))
            if code in _PENDING:
                progress(finished, finished + remaining)
                continue
            if code == _CANCEL:
                raise Cancelled(_cancelled())
            if code in _SUCCESS:
                progress(finished, finished)
                failed = int(status.get("NumberOfFailedSuboperations", 0) or 0)
                if failed:
                    raise NetworkError(_("{what}: the clinic server {server} could not send "
                                         "{failed} of {count} images", what=what,
                                         server=settings.label, failed=failed, count=finished))
                return
            raise _status_error(settings, what, code, status)
    finally:
        done.set()
        watcher.join()
    if cancel.is_set():
        raise Cancelled(_cancelled())


def _cancelled() -> str:
    return _("retrieve cancelled")


def _no_answer(settings: ServerSettings, assoc: object, what: str, answered: bool
               ) -> Exception:
    """The error for a request that got no (further) answer."""
    dul = getattr(assoc, "dul", None)
    closed = getattr(assoc, "is_aborted", False) or (dul is not None and not dul.is_alive())
    if closed:  # an A-ABORT, or the server closed the connection
        if what == "C-GET" and not answered:  # e.g. Orthanc closes on a C-GET it won't do
            return _GetRefused(_("the clinic server {server} broke off the C-GET request (it "
                                 "may allow only C-MOVE for our AE title)",
                                 server=settings.label))
        return NetworkError(_("{what}: the clinic server {server} broke off the transfer",
                              what=what, server=settings.label))
    return NetworkError(stopped_answering(settings, what))


def _status_error(settings: ServerSettings, what: str, code: int, status: Dataset
                  ) -> Exception:
    text = error_status(settings, what, code, str(status.get("ErrorComment", "") or ""))
    if what == "C-GET" and code in _GET_REFUSED:
        return _GetRefused(text)
    return NetworkError(text)


def _get(settings: ServerSettings, study_uid: str, partial: PartialStudy, progress: Progress,
         cancel: threading.Event) -> str:
    ae = make_ae(settings)
    ae.add_requested_context(StudyRootQueryRetrieveInformationModelGet)
    roles = []
    for sop_class in STORAGE_CLASSES:
        ae.add_requested_context(sop_class, TRANSFER_SYNTAXES)
        roles.append(build_role(sop_class, scp_role=True))
    handlers = [(evt.EVT_C_STORE, _store_handler(partial, cancel))]
    with association(settings, ae, "retrieve", ext_neg=roles, evt_handlers=handlers) as assoc:
        if not any(cx.abstract_syntax == StudyRootQueryRetrieveInformationModelGet
                   for cx in assoc.accepted_contexts):
            raise _GetRefused(_("the clinic server {server} does not offer C-GET",
                                server=settings.label))
        responses = assoc.send_c_get(_identifier(study_uid),
                                     StudyRootQueryRetrieveInformationModelGet)
        _responses(settings, assoc, responses, progress, cancel, "C-GET")
    return "C-GET"


def _move(settings: ServerSettings, study_uid: str, partial: PartialStudy, progress: Progress,
          cancel: threading.Event) -> str:
    receiver = make_ae(settings)
    receiver.maximum_associations = 4
    for sop_class in STORAGE_CLASSES:
        receiver.add_supported_context(sop_class, TRANSFER_SYNTAXES)
    handlers = [(evt.EVT_C_STORE, _store_handler(partial, cancel))]
    try:
        server = receiver.start_server(("", settings.receive_port), block=False,
                                       evt_handlers=handlers)
    except OSError as exc:
        raise NetworkError(_("retrieve: cannot receive on port {port} ({reason})",
                             port=settings.receive_port, reason=exc.strerror or exc)) from None
    try:
        ae = make_ae(settings)
        ae.add_requested_context(StudyRootQueryRetrieveInformationModelMove)
        with association(settings, ae, "retrieve") as assoc:
            if not any(cx.abstract_syntax == StudyRootQueryRetrieveInformationModelMove
                       for cx in assoc.accepted_contexts):
                raise NetworkError(_("retrieve: the clinic server {server} offers neither "
                                     "C-GET nor C-MOVE", server=settings.label))
            responses = assoc.send_c_move(_identifier(study_uid), settings.calling_aet,
                                          StudyRootQueryRetrieveInformationModelMove)
            _responses(settings, assoc, responses, progress, cancel, "C-MOVE")
    finally:
        server.shutdown()
    return "C-MOVE"
