"""``ilc-viewer info``: the studies, series, triple and skipped files at a path."""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
import warnings
from typing import Any

from ilc_viewer.cli import EXIT_NOTHING, SUBCOMMANDS
from ilc_viewer.errors import DecodeError
from ilc_viewer.study.model import Series, StudyIndex
from ilc_viewer.words.catalogue import (
    N_,
    _,
    gettext,
    say,
)


def _info_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", nargs="?", default=None,
                        help=N_("a DICOM file, folder, DICOMDIR or .zip archive (default: the "
                                "bundled sample study)"))
    parser.add_argument("--json", action="store_true", help=N_("print machine-readable JSON"))
    parser.add_argument(
        "--decode", action="store_true", help=N_("also decode every image and list failures")
    )


def run_info(ns: argparse.Namespace) -> int:
    """``ilc-viewer info``: describe what is at a path."""
    from ilc_viewer.dicom.index import scan
    from ilc_viewer.storage.resources import default_sample_study

    ns.path = ns.path or str(default_sample_study())
    index = scan(ns.path)
    if not index.all_series():
        if index.skipped:
            message = _("{path}: no DICOM images found ({count} file(s) skipped, e.g. {reason}).",
                        path=ns.path, count=len(index.skipped), reason=index.skipped[0].reason)
        else:
            message = _("{path}: no DICOM images found.", path=ns.path)
        print(f"ilc-viewer: {say(message, ns.lang)}", file=sys.stderr)
        return EXIT_NOTHING
    failures = decode_all(index) if ns.decode else None
    report = said_report(info_report(index), ns.lang)
    if failures is not None:
        report["decode_failures"] = said_report(failures, ns.lang)
    if ns.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        print(format_report(report, ns.lang))
    return 0


def said_report(report: Any, lang: str) -> Any:
    """The report with every message in it said in ``lang`` (for printing and JSON)."""
    if isinstance(report, dict):
        return {key: said_report(value, lang) for key, value in report.items()}
    if isinstance(report, list):
        return [said_report(value, lang) for value in report]
    return say(report, lang) if isinstance(report, str) else report


def info_report(index: StudyIndex) -> dict[str, Any]:
    """The ``info --json`` structure. Holds no patient name (only its initials), ID or birth
    date. Every study has its summary and its own triple; the top-level ``triple`` is the one
    picked over all studies (the first study's when there is one)."""
    from ilc_viewer.study.summary import summarize
    from ilc_viewer.study.triple import choose_triple

    def keys(triple: dict[str, Series | None]) -> dict[str, str | None]:
        return {label: (s.key if (s := triple.get(label)) is not None else None)
                for label in ("T1", "T2", "STIR")}

    return {
        "studies": [
            {
                "study_uid": study.study_uid,
                "description": study.description,
                "date": study.date,
                "summary": summarize(study, number).as_dict(),
                "triple": keys(choose_triple(study.series)),
                "series": [
                    {
                        "series_uid": s.key,
                        "number": s.number,
                        "description": s.description,
                        "modality": s.modality,
                        "plane": s.plane,
                        "sequence": s.sequence,
                        "reason": s.sequence_reason,
                        "images": len(s.images),
                        "blocks": [len(block) for block in s.blocks],
                        "rows": s.rows,
                        "columns": s.columns,
                        "warnings": list(s.warnings),
                        "notes": list(s.notes),
                    }
                    for s in study.series
                ],
            }
            for number, study in enumerate(index.studies, start=1)
        ],
        "triple": keys(choose_triple(index.all_series())),
        "skipped": [{"path": s.path, "reason": s.reason} for s in index.skipped],
    }


def decode_all(index: StudyIndex) -> list[dict[str, str]]:
    """Decode every image once; return the failures as ``{"path", "reason"}``."""
    failures = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # odd values are reported as failures, not warnings
        for series in index.all_series():
            failures.extend(_decode_series(series))
    return failures


def _decode_series(series: Series) -> list[dict[str, str]]:
    from ilc_viewer.dicom.damage import damage_of
    from ilc_viewer.study.pixels import FrameCache, SeriesVolume

    failures = []
    # A private small cache: --decode checks every image, it need not keep them.
    volume = SeriesVolume(series, FrameCache(64 << 20))
    for i in range(len(volume)):
        try:
            volume.frame(i)
        except DecodeError as exc:
            # The plain sentence for people; the technical detail for --json and logs.
            damage = damage_of(exc)
            detail = _("cannot decode pixels ({syntax}): {reason}", syntax=exc.transfer_syntax,
                       reason=exc.reason)
            failures.append({"path": exc.path, "reason": damage.message(), "kind": damage.kind,
                             "detail": detail})
    return failures


def _width(text: str) -> int:
    """Columns ``text`` takes in a terminal (Japanese characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _left(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _right(text: str, width: int) -> str:
    return " " * max(0, width - _width(text)) + text


def format_report(report: dict[str, Any], lang: str = "en") -> str:
    """The human-readable table of ``info``: each study with its summary and its own triple
    (the report's messages already said in ``lang``)."""
    def t(word: str, **values: Any) -> str:
        return gettext(word, lang, **values)

    heads = [t(N_("sequence")), t(N_("plane")), t(N_("images")), t(N_("size"))]
    widths = [max(9, _width(heads[0])), max(9, _width(heads[1])), max(6, _width(heads[2])),
              max(9, _width(heads[3]))]
    lines = []
    studies = report["studies"]
    for study in studies:
        summary = study["summary"]
        if len(studies) > 1:
            head = t(N_("Study {number} of {count}: {summary}"), number=summary["number"],
                     count=len(studies), summary=_summary_line(summary, lang))
        else:
            head = t(N_("Study {summary}"), summary=_summary_line(summary, lang))
        lines.append(head)
        lines.append(t(N_("  uid {uid}"), uid=study["study_uid"]))
        lines.append(f"  {'#':>4}  {_left(heads[0], widths[0])} {_left(heads[1], widths[1])} "
                     f"{_right(heads[2], widths[2])}  {_right(heads[3], widths[3])}  "
                     f"{t(N_('description'))}")
        numbers = {}
        for s in study["series"]:
            number = "" if s["number"] is None else str(s["number"])
            numbers[s["series_uid"]] = _series_name(number, s["description"])
            size = f"{s['rows']}x{s['columns']}"
            lines.append(
                f"  {number:>4}  {_left(s['sequence'], widths[0])} {_left(s['plane'], widths[1])} "
                f"{_right(str(s['images']), widths[2])}  {_right(size, widths[3])}  "
                f"{s['description']} [{s['modality']}]"
            )
            if len(s["blocks"]) > 1:
                lines.append(f"{'':8}" + t(N_("{count} blocks at different angles ({counts} "
                                              "images)"), count=len(s["blocks"]),
                                           counts=", ".join(str(n) for n in s["blocks"])))
            if s["reason"]:
                lines.append(f"{'':8}" + t(N_("why: {reason}"), reason=s["reason"]))
            lines.extend(f"{'':8}" + t(N_("note: {note}"), note=n) for n in s["notes"])
            lines.extend(f"{'':8}" + t(N_("warning: {warning}"), warning=w) for w in s["warnings"])
        triple = study["triple"]
        lines.append(t(N_("  Triple: {choice}"), choice=", ".join(
            f"{k} = {numbers.get(v, v) if v else t(N_('(none)'))}" for k, v in triple.items())))
        lines.append("")
    if report["skipped"]:
        lines.append(t(N_("Skipped {count} file(s):"), count=len(report["skipped"])))
        lines.extend(f"  {s['path']}: {s['reason']}" for s in report["skipped"])
    if "decode_failures" in report:
        failures = report["decode_failures"]
        lines.append(t(N_("Decode failures: {count}"), count=len(failures)))
        lines.extend(f"  {f['path']}: {f['reason']}" for f in failures)
    return "\n".join(lines)


def _series_name(number: str, description: str) -> str:
    """How the table names a series: its number and description, never its UID."""
    if number and description:
        return f"#{number} ({description})"
    return f"#{number}" if number else (description or str(_("(no number or description)")))


def _summary_line(summary: dict[str, Any], lang: str = "en") -> str:
    """One study's summary from its JSON form (masked name; no ID or birth date)."""
    from ilc_viewer.study.summary import AGE_UNITS, SEX, WORDS, date_text

    def t(word: str, **values: Any) -> str:
        return gettext(word, lang, **values)

    sex, age = summary["sex"], summary["age"]
    if lang != "en" and sex.strip().upper() in SEX:
        sex = t(SEX[sex.strip().upper()])
    number_unit = age.split(" ")
    units = {"y": "Y", "mo": "M", "wk": "W", "d": "D"}
    if lang != "en" and len(number_unit) == 2 and number_unit[1] in units:
        age = t(AGE_UNITS[units[number_unit[1]]], n=number_unit[0])
    parts = [
        summary["patient"] or t(WORDS["no_name"]),
        " ".join(p for p in (sex, age) if p),
        date_text(summary["date"], summary["time"], lang) or t(N_("(no date)")),
        summary["description"] or t(WORDS["no_description"]),
        t(WORDS["accession"], value=summary["accession_number"])
        if summary["accession_number"] else "",
        "/".join(summary["modalities"]),
        t(WORDS["counts"], series=summary["series"], images=summary["images"]),
    ]
    return "  ".join(p for p in parts if p)


SUBCOMMANDS["info"] = (
    N_("list the studies, series and skipped files at a path"),
    _info_arguments,
    run_info,
)
