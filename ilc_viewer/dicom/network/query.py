"""C-ECHO and C-FIND (Study Root): is the server there, and which studies and series it has.

Queries name a patient by name or ID, a date or date range and a modality; free-text names
match anywhere in the name (``*term*``), so a Japanese name can be found by its kanji, kana
or romaji group. Queries with non-ASCII text are sent as UTF-8 (ISO_IR 192); answers are
decoded with the character set the server names (ISO 2022 IR 87 for Japanese, UTF-8, ...).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from pydicom.dataset import Dataset
from pynetdicom.sop_class import (
    StudyRootQueryRetrieveInformationModelFind,
    Verification,
)

from ilc_viewer.dicom.network.connection import (
    association,
    error_status,
    job,
    make_ae,
    require_context,
    stopped_answering,
)
from ilc_viewer.dicom.network.settings import Cancelled, NetworkError, ServerSettings
from ilc_viewer.words.catalogue import _

_DATE = re.compile(r"^(\d{8})?(-(\d{8})?)?$")
#: Pending status codes of C-FIND (PS3.4 C.4.1.1.4).
_PENDING = (0xFF00, 0xFF01)
#: At most this many matches are kept (a server may have thousands).
MAX_MATCHES = 500


@dataclass(frozen=True)
class StudyQuery:
    """What to search for; empty fields match everything."""

    patient_name: str = ""
    patient_id: str = ""
    #: ``YYYYMMDD``, ``YYYYMMDD-YYYYMMDD``, ``YYYYMMDD-`` or ``-YYYYMMDD``.
    date: str = ""
    modality: str = ""

    def problems(self) -> list[str]:
        """Plain sentences about bad fields (empty list when the query can be sent)."""
        out = []
        if self.date and not _DATE.match(self.date):
            out.append(_("the date {date!r} must be YYYYMMDD or a range YYYYMMDD-YYYYMMDD",
                         date=self.date))
        if self.modality and not re.match(r"^[A-Z0-9]{1,16}$", self.modality):
            out.append(_("the modality {modality!r} must be a code such as MR or CT",
                         modality=self.modality))
        return out


@dataclass(frozen=True)
class StudyMatch:
    """One study the server has."""

    study_uid: str
    date: str = ""
    time: str = ""
    description: str = ""
    patient_name: str = ""
    patient_id: str = ""
    birth_date: str = ""
    accession_number: str = ""
    modalities: tuple[str, ...] = ()
    series_count: int | None = None
    instance_count: int | None = None


@dataclass(frozen=True)
class SeriesMatch:
    """One series of a study on the server."""

    series_uid: str
    number: int | None = None
    modality: str = ""
    description: str = ""
    instance_count: int | None = None


def echo(settings: ServerSettings) -> float:
    """C-ECHO the server; returns the round trip in seconds, :class:`NetworkError` if not."""
    ae = make_ae(settings)
    ae.add_requested_context(Verification)
    started = time.monotonic()
    with association(settings, ae, "echo") as assoc:
        status = assoc.send_c_echo()
        if not status or status.get("Status") != 0:
            raise NetworkError(_("{what}: the clinic server {server} answered with an error "
                                 "status", what=job("echo"), server=settings.label))
    return time.monotonic() - started


def name_pattern(text: str) -> str:
    """The C-FIND value for a typed name: matches anywhere unless it has its own wildcards."""
    text = text.strip()
    if not text or "*" in text or "?" in text:
        return text
    return f"*{text}*"


def study_identifier(query: StudyQuery) -> Dataset:
    """The C-FIND identifier at STUDY level for ``query`` (with the keys the dialog shows)."""
    problems = query.problems()
    if problems:
        raise NetworkError(_("{what}: {problem}", what=job("search"), problem=problems[0]))
    ds = Dataset()
    if any(ord(c) > 127 for c in query.patient_name + query.patient_id):
        ds.SpecificCharacterSet = "ISO_IR 192"
    ds.QueryRetrieveLevel = "STUDY"
    ds.StudyInstanceUID = ""
    ds.StudyDate = query.date
    ds.StudyTime = ""
    ds.StudyDescription = ""
    ds.PatientName = name_pattern(query.patient_name)
    ds.PatientID = query.patient_id.strip()
    ds.PatientBirthDate = ""
    ds.AccessionNumber = ""
    ds.ModalitiesInStudy = query.modality
    ds.NumberOfStudyRelatedSeries = None
    ds.NumberOfStudyRelatedInstances = None
    return ds


def find_studies(settings: ServerSettings, query: StudyQuery,
                 cancelled: Callable[[], bool] = lambda: False) -> list[StudyMatch]:
    """The studies matching ``query``, newest first (at most :data:`MAX_MATCHES`)."""
    identifier = study_identifier(query)
    matches = [_study(ds) for ds in _find(settings, identifier, "search", cancelled)]
    matches.sort(key=lambda m: (m.date, m.time), reverse=True)
    return matches


def find_series(settings: ServerSettings, study_uid: str,
                cancelled: Callable[[], bool] = lambda: False) -> list[SeriesMatch]:
    """The series of one study, by series number."""
    ds = Dataset()
    ds.QueryRetrieveLevel = "SERIES"
    ds.StudyInstanceUID = study_uid
    ds.SeriesInstanceUID = ""
    ds.SeriesNumber = None
    ds.Modality = ""
    ds.SeriesDescription = ""
    ds.NumberOfSeriesRelatedInstances = None
    found = [_series(item) for item in _find(settings, ds, "series search", cancelled)]
    found.sort(key=lambda m: (m.number is None, m.number or 0, m.description))
    return found


def _find(settings: ServerSettings, identifier: Dataset, what: str,
          cancelled: Callable[[], bool]) -> list[Dataset]:
    ae = make_ae(settings)
    ae.add_requested_context(StudyRootQueryRetrieveInformationModelFind)
    out: list[Dataset] = []
    with association(settings, ae, what) as assoc:
        require_context(assoc, StudyRootQueryRetrieveInformationModelFind, what, settings)
        responses = assoc.send_c_find(identifier, StudyRootQueryRetrieveInformationModelFind)
        for status, found in responses:
            if cancelled():
                assoc.abort()
                raise Cancelled(_("{what} cancelled", what=job(what)))
            if not status:  # no answer within the timeout, or the connection broke
                raise NetworkError(stopped_answering(settings, what))
            code = int(status.get("Status", 0xC000))
            if code in _PENDING and found is not None and len(out) < MAX_MATCHES:
                out.append(found)
            elif code not in _PENDING and code != 0:
                raise NetworkError(error_status(settings, what, code,
                                                str(status.get("ErrorComment", "") or "")))
    return out


def _text(ds: Dataset, keyword: str) -> str:
    value = ds.get(keyword)
    return "" if value is None else str(value).strip()


def _int(ds: Dataset, keyword: str) -> int | None:
    try:
        value = ds.get(keyword)
        return None if value in (None, "") else int(value)
    except (TypeError, ValueError):
        return None


def _study(ds: Dataset) -> StudyMatch:
    modalities = ds.get("ModalitiesInStudy") or ()
    if isinstance(modalities, str):
        modalities = (modalities,)
    return StudyMatch(
        study_uid=_text(ds, "StudyInstanceUID"), date=_text(ds, "StudyDate"),
        time=_text(ds, "StudyTime"), description=_text(ds, "StudyDescription"),
        patient_name=_text(ds, "PatientName"), patient_id=_text(ds, "PatientID"),
        birth_date=_text(ds, "PatientBirthDate"),
        accession_number=_text(ds, "AccessionNumber"),
        modalities=tuple(str(m) for m in modalities if str(m)),
        series_count=_int(ds, "NumberOfStudyRelatedSeries"),
        instance_count=_int(ds, "NumberOfStudyRelatedInstances"),
    )


def _series(ds: Dataset) -> SeriesMatch:
    return SeriesMatch(series_uid=_text(ds, "SeriesInstanceUID"),
                       number=_int(ds, "SeriesNumber"), modality=_text(ds, "Modality"),
                       description=_text(ds, "SeriesDescription"),
                       instance_count=_int(ds, "NumberOfSeriesRelatedInstances"))
