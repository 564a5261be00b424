"""What tells the studies at one path apart: a one-line summary of each, for choosing.

Two patients' studies in one folder (or two studies of one patient) must never look alike in
the study chooser or in ``ilc-viewer info``: the summary shows sex and age, study date and
time, description, accession number, modality and counts, and the patient's name **masked**
(initials only) unless the user asks to see it. Patient ID and birth date are never in it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ilc_viewer.study.model import PatientInfo, Study, StudyIndex
from ilc_viewer.words.catalogue import N_, gettext
from ilc_viewer.words.formats import dicom_date_text

#: The summary's words (English; other languages in the core's catalogue).
WORDS: dict[str, str] = {
    "no_name": N_("(no name)"),
    "no_description": N_("no description"),
    "counts": N_("{series} series, {images} images"),
    # Translators: an accession number
    "accession": N_("acc. {value}"),
}
#: Patient's Sex as people read it (English keeps the DICOM letter).
SEX = {"F": N_("F (female)"), "M": N_("M (male)"), "O": N_("O (other)")}
# Translators: an age in years, months, weeks and days
AGE_UNITS = {"Y": N_("{n} y"), "M": N_("{n} mo"), "W": N_("{n} wk"), "D": N_("{n} d")}


def _tr(word: str, lang: str, **values: object) -> str:
    return gettext(word, lang, **values)


def person_name(dicom_name: str) -> str:
    """A DICOM Person Name ("Family^Given=漢字^かな") as people write it: "Family Given / ..."."""
    groups = []
    for group in str(dicom_name).split("="):
        words = " ".join(part.strip() for part in group.split("^") if part.strip())
        if words:
            groups.append(words)
    return " / ".join(groups)


def mask_name(dicom_name: str) -> str:
    """Initials only: ``"SAMPLE^Hanako" -> "S*** H***"`` ("" for no name).

    Every part gets three stars whatever its length, so the mask tells nothing more.
    """
    for group in str(dicom_name).split("="):
        parts = [p.strip() for p in re.split(r"[\^ ]", group) if p.strip()]
        if parts:
            return " ".join(f"{p[0]}***" for p in parts)
    return ""


def age_text(patient: PatientInfo, study_date: str, lang: str = "en") -> str:
    """Age at the study: Patient's Age ("054Y" -> "54 y" / "54歳"), else from the birth date."""
    match = re.fullmatch(r"0*(\d+)\s*([DWMY])", patient.age.strip().upper())
    if match:
        return _tr(AGE_UNITS[match.group(2)], lang, n=int(match.group(1)))
    born, when = patient.birth_date.strip(), study_date.strip()
    if re.fullmatch(r"\d{8}", born) and re.fullmatch(r"\d{8}", when):
        years = int(when[:4]) - int(born[:4]) - ((when[4:8]) < (born[4:8]))
        if years >= 0:
            return _tr(AGE_UNITS["Y"], lang, n=years)
    return ""


def date_text(date: str, time: str = "", lang: str = "en") -> str:
    """DICOM DA / TM as people read them: "2024-03-12 10:15" / "2024年3月12日 10:15" (what is
    missing left out)."""
    d = date.strip()
    out = f"{d[:4]}-{d[4:6]}-{d[6:8]}" if re.fullmatch(r"\d{8}", d) else d
    if lang != "en" and re.fullmatch(r"\d{8}", d):
        out = dicom_date_text(d, lang)
    t = time.strip()
    if re.match(r"\d{4}", t):
        out = f"{out} {t[:2]}:{t[2:4]}".strip()
    return out


@dataclass(frozen=True)
class StudySummary:
    """One study as the chooser and ``info`` show it (1-based ``number`` at its path)."""

    number: int
    study_uid: str
    sex: str
    date: str
    time: str
    description: str
    accession_number: str
    modalities: tuple[str, ...]
    series_count: int
    image_count: int
    patient: PatientInfo = field(repr=False)

    def patient_name(self, show: bool = False, lang: str = "en") -> str:
        """The name, masked to initials unless ``show``."""
        name = person_name(self.patient.name) if show else mask_name(self.patient.name)
        return name or _tr(WORDS["no_name"], lang)

    def age(self, lang: str = "en") -> str:
        """Age at the study ("54 y" / "54歳"), "" when unknown."""
        return age_text(self.patient, self.date, lang)

    def line(self, lang: str = "en", show_name: bool = False) -> str:
        """Everything on one line, e.g.
        ``"S*** H***  F 54 y  2024-03-12 10:15  Lumbar spine  acc. 123  MR  4 series, 59 images"``.
        """
        letter = self.sex.strip().upper()
        sex = letter if lang == "en" or letter not in SEX else gettext(SEX[letter], lang)
        parts = [
            self.patient_name(show_name, lang),
            " ".join(p for p in (sex, self.age(lang)) if p),
            date_text(self.date, self.time, lang),
            self.description or _tr(WORDS["no_description"], lang),
            _tr(WORDS["accession"], lang, value=self.accession_number)
            if self.accession_number else "",
            "/".join(self.modalities),
            _tr(WORDS["counts"], lang, series=self.series_count, images=self.image_count),
        ]
        return "  ".join(p for p in parts if p)

    def as_dict(self) -> dict[str, Any]:
        """The summary for ``info --json``: the masked name only, never ID or birth date."""
        return {
            "number": self.number, "patient": mask_name(self.patient.name),
            "sex": self.sex, "age": self.age(), "date": self.date, "time": self.time,
            "description": self.description, "accession_number": self.accession_number,
            "modalities": list(self.modalities), "series": self.series_count,
            "images": self.image_count,
        }


def summarize(study: Study, number: int = 1) -> StudySummary:
    """The summary of one study."""
    return StudySummary(
        number=number,
        study_uid=study.study_uid,
        sex=study.patient.sex,
        date=study.date,
        time=study.time,
        description=study.description,
        accession_number=study.patient.accession_number,
        modalities=tuple(dict.fromkeys(s.modality for s in study.series if s.modality)),
        series_count=len(study.series),
        image_count=sum(len(s.images) for s in study.series),
        patient=study.patient,
    )


def study_summaries(index: StudyIndex) -> list[StudySummary]:
    """The summaries of every study at a path, numbered 1, 2, ... in the index's order."""
    return [summarize(study, n) for n, study in enumerate(index.studies, start=1)]
