""""How common is this?": how many people of the patient's age *without* back pain have the
same disc finding, framed the clinic's way (normal wear, like growth rings).

The figures are the age-specific prevalence estimates of Brinjikji et al., "Systematic
literature review of imaging features of spinal degeneration in asymptomatic populations",
AJNR 2015;36:811-816 (33 studies, 3,110 people without symptoms), at ages 20 to 80 by
decade; the clinic's content sheet quotes the ends (degeneration 37% to 96%, bulge 30% to 84%,
protrusion 29% to 43%, annular fissure 19% to 29%).

Only the age in whole years is used: Patient's Age, else the years between the birth date
and the study date. The birth date itself is never shown, written or returned; without an age
(or below 18) nothing is said.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ilc_viewer.study.model import PatientInfo
from ilc_viewer.words.catalogue import N_, gettext

#: Ages the review gives estimates for.
DECADES = (20, 30, 40, 50, 60, 70, 80)
#: Percent of people without back pain with each finding, at each age of :data:`DECADES`
#: (Brinjikji et al. 2015, table 2).
PREVALENCE: dict[str, tuple[int, ...]] = {
    "degeneration": (37, 52, 68, 80, 88, 93, 96),
    "bulge": (30, 40, 50, 60, 69, 77, 84),
    "protrusion": (29, 31, 33, 36, 38, 40, 43),
    "fissure": (19, 20, 22, 23, 25, 27, 29),
}
#: The finding each disc phrase shows.
PHRASE_FINDINGS = {
    "dark_disc": "degeneration",
    "disc_bulge": "bulge",
    "herniation_nerve": "protrusion",
    "annular_fissure": "fissure",
}
#: The youngest age the figures are said for (the review starts at 20).
YOUNGEST = 18

#: The words (English; other languages in the core's catalogue).
WORDS = {
    "title": N_("How common is this?"),
    "degeneration": N_("Think of 100 people about {age} years old with no back pain. About "
                       "{count} of them have a disc that has lost water like this."),
    "bulge": N_("Think of 100 people about {age} years old with no back pain. About {count} "
                "of them have a disc that spreads out like this."),
    "protrusion": N_("Think of 100 people about {age} years old with no back pain. About "
                     "{count} of them have a disc that pushes out a little like this."),
    "fissure": N_("Think of 100 people about {age} years old with no back pain. About {count} "
                  "of them have a small tear in the disc's ring like this."),
    "framing": N_("It is normal wear, like the growth rings of a tree."),
    "source": N_("These numbers come from 33 studies. None of the people in them had back "
                 "pain (Brinjikji and others, 2015)."),
}


@dataclass(frozen=True)
class HowCommon:
    """The share of people of about the patient's age without pain who have the finding."""

    finding: str
    age: int  # the age the figure is for (a decade from 20 to 80)
    percent: int

    def title(self, lang: str) -> str:
        """ "How common is this?" in ``lang``."""
        return gettext(WORDS["title"], lang)

    def sentences(self, lang: str) -> list[str]:
        """The figure, the clinic's framing, and where it comes from."""
        return [gettext(WORDS[self.finding], lang, age=self.age, count=self.percent),
                gettext(WORDS["framing"], lang), gettext(WORDS["source"], lang)]

    def text(self, lang: str) -> str:
        """The figure and the framing as one paragraph (without the source)."""
        separator = "" if lang == "ja" else " "
        return separator.join(self.sentences(lang)[:2])


def age_years(patient: PatientInfo, study_date: str) -> int | None:
    """The patient's age in whole years at the study, or ``None`` when it is not known.

    Patient's Age ("054Y"; months, weeks or days count as under a year), else the years from
    the birth date to the study date. Only this number leaves the function.
    """
    match = re.fullmatch(r"0*(\d+)\s*([DWMY])", patient.age.strip().upper())
    if match:
        return int(match.group(1)) if match.group(2) == "Y" else 0
    born, when = patient.birth_date.strip(), study_date.strip()
    if re.fullmatch(r"\d{8}", born) and re.fullmatch(r"\d{8}", when):
        years = int(when[:4]) - int(born[:4]) - (when[4:8] < born[4:8])
        return years if years >= 0 else None
    return None


def nearest_decade(age: int) -> int | None:
    """The age of :data:`DECADES` nearest ``age`` (80 for older people), or ``None`` under 18."""
    if age < YOUNGEST:
        return None
    return min(max(int(age / 10 + 0.5) * 10, DECADES[0]), DECADES[-1])


def how_common(phrase_id: str, age: int | None) -> HowCommon | None:
    """The figure for a sticker's phrase at an age, or ``None`` (not a disc finding, no age)."""
    finding = PHRASE_FINDINGS.get(phrase_id)
    decade = nearest_decade(age) if age is not None else None
    if finding is None or decade is None:
        return None
    return HowCommon(finding, decade, PREVALENCE[finding][DECADES.index(decade)])
