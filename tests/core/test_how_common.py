""""How common is this?": Brinjikji's figures by age, only the age in whole years, never the
birth date; nothing without an age, nothing unless the tour asks for it."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from ilc_viewer.annotations.tour import FINDING_STEP, tour_steps
from ilc_viewer.annotations.tour_words import step_text
from ilc_viewer.open_study.opened import open_path
from ilc_viewer.scene.explain_panel import explanation_scene
from ilc_viewer.storage.resources import default_sample_study
from ilc_viewer.study.model import PatientInfo
from ilc_viewer.words.how_common import (
    DECADES,
    PREVALENCE,
    age_years,
    how_common,
    nearest_decade,
)

CASE = default_sample_study()
#: Case A's patient: Patient's Age 054Y, born 1 January 1970, scanned 12 March 2024.
BIRTH_DATE_FORMS = ("19700101", "1970-01-01", "1970", "1 January 1970", "January 1, 1970",
                    "1970年1月1日", "01/01/1970")


def test_the_figures_are_brinjikjis_at_20_and_80_as_the_clinic_quotes_them() -> None:
    ends = {name: (row[0], row[-1]) for name, row in PREVALENCE.items()}
    assert ends == {"degeneration": (37, 96), "bulge": (30, 84), "protrusion": (29, 43),
                    "fissure": (19, 29)}
    assert DECADES == (20, 30, 40, 50, 60, 70, 80)
    assert all(list(row) == sorted(row) for row in PREVALENCE.values())  # more with age


@pytest.mark.parametrize(("patient", "study_date", "years"), [
    (PatientInfo(age="054Y"), "", 54),
    (PatientInfo(age="054Y", birth_date="19000101"), "20240312", 54),  # the age comes first
    (PatientInfo(birth_date="19700101"), "20240312", 54),
    (PatientInfo(birth_date="19700313"), "20240312", 53),  # the day before the birthday
    (PatientInfo(age="006M"), "", 0),
    (PatientInfo(birth_date="19700101"), "", None),  # no study date: no age
    (PatientInfo(birth_date="1970"), "20240312", None),
    (PatientInfo(), "20240312", None),
])
def test_the_age_is_whole_years_from_the_age_else_birth_and_study_dates(
        patient: PatientInfo, study_date: str, years: int | None) -> None:
    assert age_years(patient, study_date) == years


def test_the_age_is_rounded_to_the_decade_the_review_gives() -> None:
    assert [nearest_decade(a) for a in (17, 18, 24, 25, 54, 55, 79, 95)] == \
        [None, 20, 20, 30, 50, 60, 80, 80]
    figure = how_common("dark_disc", 54)
    assert (figure.finding, figure.age, figure.percent) == ("degeneration", 50, 80)
    assert "80" in figure.text("en") and "50" in figure.text("en")
    assert "80人" in figure.text("ja") and "50歳" in figure.text("ja")
    assert how_common("herniation_nerve", 64).percent == 38
    assert how_common("stenosis", 54) is None  # not a disc finding of the review
    assert how_common("dark_disc", None) is None and how_common("dark_disc", 12) is None


@pytest.fixture
def opened():  # type: ignore[no-untyped-def]
    study = open_path(CASE)
    assert study.study.patient.birth_date == "19700101"  # the rule below is tested for real
    return study


def words_of(opened, lang: str, how: bool, age: int | None) -> list[str]:  # type: ignore[no-untyped-def]
    annotations = opened.annotations.annotations.snapshot()
    steps = tour_steps(replace(opened.annotations.tour(), how_common=how), annotations)
    out = []
    for number, step in enumerate(steps, start=1):
        words = step_text(step, annotations, opened.library, lang, age, how)
        scene = explanation_scene(words, lang, (560, 900), f"{number}")
        out += [t.text for t in scene.texts()]
    return out


def test_how_common_shows_on_disc_findings_only_when_the_tour_asks(opened) -> None:  # type: ignore[no-untyped-def]
    age = age_years(opened.study.patient, opened.study.date)
    shown = " ".join(words_of(opened, "en", True, age))
    assert "How common is this?" in shown and "about 50 years old" in shown
    assert "How common" not in " ".join(words_of(opened, "en", False, age))
    annotations = opened.annotations.annotations.snapshot()
    tour = replace(opened.annotations.tour(), how_common=True)
    with_figure = {opened.annotations.annotations.get(s.annotation_id).phrase_id
                   for s in tour_steps(tour, annotations) if s.kind == FINDING_STEP
                   and step_text(s, annotations, opened.library, "en", age, True).how_common}
    assert with_figure == {"dark_disc", "herniation_nerve"}


def test_nothing_is_said_without_an_age(opened) -> None:  # type: ignore[no-untyped-def]
    opened.study.patient = PatientInfo(name="SAMPLE^Hanako")
    age = age_years(opened.study.patient, opened.study.date)
    assert age is None
    assert "How common" not in " ".join(words_of(opened, "en", True, age))


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_no_birth_date_on_the_screen_words(opened, lang: str) -> None:  # type: ignore[no-untyped-def]
    age = age_years(opened.study.patient, opened.study.date)
    text = " ".join(words_of(opened, lang, True, age))
    assert not any(form in text for form in BIRTH_DATE_FORMS)
    assert not re.search(r"\b19\d\d\b", text)
