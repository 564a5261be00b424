"""The handout that follows the tour: cover, a section per step in order, cards, three things
to do; English, Japanese or both; no name unless asked, never the birth date; the export
command uses the saved tour."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from ilc_viewer.annotations.tour import Tour, tour_steps
from ilc_viewer.annotations.tour_words import step_text
from ilc_viewer.cli import main
from ilc_viewer.export.tour_handout import TourHandoutOptions, write_tour_handout
from ilc_viewer.open_study.opened import open_path
from ilc_viewer.open_study.tour_view import save_view
from ilc_viewer.storage.resources import default_sample_study

PDFTOTEXT = shutil.which("pdftotext")
pytestmark = pytest.mark.skipif(PDFTOTEXT is None,
                                reason="pdftotext (poppler-utils) is not installed")
CASE = default_sample_study()
BIRTH_DATE_FORMS = ("19700101", "1970-01-01", "1 January 1970", "1970年1月1日")


def pdf_pages(path: Path) -> list[str]:
    text = subprocess.run([PDFTOTEXT, "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    return [re.sub(r"\s+", "", page) for page in text.split("\f") if page.strip()]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture
def opened():  # type: ignore[no-untyped-def]
    study = open_path(CASE)
    study.show_axial(True)
    return study


def tour_of(opened) -> Tour:  # type: ignore[no-untyped-def]
    stickers = [a.id for a in opened.annotations.annotations if a.kind == "sticker"]
    return Tour((stickers[2], stickers[0]), ("self_care", "rusty_pipe"), "en", True)


@pytest.fixture(scope="module")
def handouts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, int]]:
    """The tour handout of case A in each language (made once: each takes seconds)."""
    study = open_path(CASE)
    study.show_axial(True)
    folder = tmp_path_factory.mktemp("handouts")
    out = {}
    for lang in ("en", "ja", "both"):
        path = folder / f"{lang}.pdf"
        out[lang] = path, write_tour_handout(path, study, tour_of(study), TourHandoutOptions(
            lang, printed=date(2024, 3, 13)))
    return out


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_sections_follow_the_tour_in_order(opened, handouts, lang: str) -> None:  # type: ignore[no-untyped-def]
    tour = tour_of(opened)
    out, pages = handouts[lang]
    text = "".join(pdf_pages(out))
    assert len(pdf_pages(out)) == pages >= 3
    annotations = opened.annotations.annotations.snapshot()
    steps = tour_steps(tour, annotations)
    titles = [squeeze(step_text(s, annotations, opened.library, lang).title) for s in steps]
    assert len(steps) == 5
    cover = text.index(titles[0])
    sections = [text.rindex(title) for title in titles]
    assert cover < sections[0]
    assert sections == sorted(sections)  # one section per step, in the tour's order
    disclaimer = "Forpatienteducation—notfordiagnosis" if lang == "en" else "診断には使用できません"
    assert disclaimer in pdf_pages(out)[0]
    scan = "Scandate:12March2024" if lang == "en" else "2024年3月12日"
    assert scan in pdf_pages(out)[0]
    what = {"en": ("Howcommonisthis?", "Threethingstodotoday", "Keepwarm"),
            "ja": ("どのくらいよくあること？", "今日からできる3つのこと", "温める")}[lang]
    assert all(words in text for words in what)


def test_both_languages_english_first_then_japanese(handouts) -> None:  # type: ignore[no-untyped-def]
    sizes = {lang: pages for lang, (_path, pages) in handouts.items()}
    assert sizes["both"] == sizes["en"] + sizes["ja"]
    pages = pdf_pages(handouts["both"][0])
    assert "Yourmri,stepbystep".lower() in pages[0].lower()
    assert "ひとつずつ" in pages[sizes["en"]]


def test_the_name_only_when_asked_and_never_the_birth_date(opened, handouts,  # type: ignore[no-untyped-def]
                                                           tmp_path: Path) -> None:
    tour = tour_of(opened)
    before = save_view(opened.state)
    for show in (False, True):
        out = handouts["en"][0] if not show else tmp_path / "named.pdf"
        if show:
            write_tour_handout(out, opened, tour, TourHandoutOptions("en", show_patient=True))
            assert save_view(opened.state) == before  # the view is given back
        text = "".join(pdf_pages(out))
        assert ("Hanako" in text) is show
        assert not any(squeeze(form) in text for form in BIRTH_DATE_FORMS)
        assert "50yearsold" in text  # the age, as a decade, is all that is used
        metadata = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout \
            if shutil.which("pdfinfo") else ""
        assert "Hanako" not in metadata and "1970" not in metadata


def test_no_figure_without_an_age_or_when_the_tour_leaves_it_out(opened, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "off.pdf"
    write_tour_handout(out, opened, replace(tour_of(opened), how_common=False),
                       TourHandoutOptions("en"))
    assert "Howcommonisthis?" not in "".join(pdf_pages(out))


def test_export_command_uses_the_saved_tour(tmp_path: Path) -> None:
    plain = tmp_path / "plain.pdf"
    assert main(["export", str(CASE), "--out", str(plain), "--lang", "en"]) == 0
    assert "YourMRI,explained" in "".join(pdf_pages(plain))
    first = open_path(CASE, writable=True)
    first.annotations.set_tour(replace(tour_of(first), lang="ja"))
    toured = tmp_path / "tour.pdf"
    assert main(["export", str(CASE), "--out", str(toured)]) == 0  # the tour's language
    assert "あなたのMRI" in pdf_pages(toured)[0]
    english = tmp_path / "tour_en.pdf"
    assert main(["export", str(CASE), "--out", str(english), "--lang", "en"]) == 0
    assert "YourMRI,stepbystep" in pdf_pages(english)[0]
    both = tmp_path / "both.pdf"
    assert main(["export", str(CASE), "--out", str(both), "--handout-lang", "both"]) == 0
    pages = pdf_pages(both)
    assert "YourMRI,stepbystep" in pages[0] and any("あなたのMRI" in p for p in pages[1:])
