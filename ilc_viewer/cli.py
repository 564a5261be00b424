"""The ``ilc-viewer`` command: sub-commands for headless work, the window otherwise.

``ilc-viewer info [PATH] [--json] [--decode]`` lists the studies and series found at PATH, the
chosen T1/T2/STIR triple and every skipped file with its reason. It never prints patient
name, ID or birth date. Without PATH, ``info`` and ``export`` use the window's default study
(the bundled sample). ``ilc-viewer`` with no sub-command (or with just a PATH) opens the
window; Qt is imported only then, so the headless commands run without a display.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
import unicodedata
import warnings
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ilc_viewer import __version__
from ilc_viewer.errors import DecodeError, ViewerError
from ilc_viewer.study.model import Series, StudyIndex
from ilc_viewer.words.catalogue import (
    LANGUAGES,
    N_,
    Joined,
    _,
    gettext,
    message_of,
    say,
    say_error,
)

#: Exit code for "nothing to show": missing path, empty folder, nothing loadable.
EXIT_NOTHING = 2
#: Exit code when a picture was written but a panel's image could not be decoded.
EXIT_DAMAGED = 1

#: Other modules add sub-commands here: name -> (help, add_arguments, run).
SubCommand = tuple[
    str, Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace], int]
]
SUBCOMMANDS: dict[str, SubCommand] = {}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or (args[0] not in SUBCOMMANDS and args[0] not in ("-h", "--help", "--version")):
        return _open_window(args)
    lang = _language_asked(args) or system_language()
    parser = _parser(lang)
    ns = parser.parse_args(args)
    try:
        return ns.run(ns)
    except ViewerError as exc:
        print(f"ilc-viewer: {say_error(exc, ns.lang)}", file=sys.stderr)
        return EXIT_NOTHING
    except KeyboardInterrupt:
        return 130


def system_language(environ: Mapping[str, str] | None = None) -> str:
    """The language of the user's locale when the program speaks it, else English.

    POSIX order (``LC_ALL``, ``LC_MESSAGES``, ``LANG``), then the platform's locale.
    """
    environ = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            return _language_of(value)
    import locale

    return _language_of(locale.getlocale()[0] or "")


def _language_of(locale_name: str) -> str:
    code = locale_name.replace("-", "_").split("_")[0].split(".")[0].lower()
    return code if code in LANGUAGES else "en"


def _language_asked(args: list[str]) -> str | None:
    """The value of ``--lang`` among ``args`` if it names a language of the program."""
    for k, arg in enumerate(args):
        value = arg.split("=", 1)[1] if arg.startswith("--lang=") else (
            args[k + 1] if arg == "--lang" and k + 1 < len(args) else None)
        if value in LANGUAGES:
            return value
    return None


def _parser(lang: str = "en") -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ilc-viewer",
        description=gettext(N_("MRI viewer for patient education. With no command, or a PATH "
                               "only, it opens the window (--lang en or ja: the language of "
                               "the window, the images and the messages)."), lang),
    )
    parser.add_argument("--version", action="version", version=f"ilc-viewer {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (help_text, add_arguments, run) in SUBCOMMANDS.items():
        said = gettext(help_text, lang)
        sub = commands.add_parser(name, help=said, description=said)
        add_arguments(sub)
        for action in sub._actions:  # the options' help in the language asked for
            if action.help and action.help != argparse.SUPPRESS:
                action.help = gettext(action.help, lang)
        if not any("--lang" in action.option_strings for action in sub._actions):
            sub.add_argument("--lang", choices=LANGUAGES, default=lang,
                             help=gettext(N_("language of the messages (default: the "
                                             "system's)"), lang))
        sub.set_defaults(run=run)
    return parser


def _open_window(args: list[str]) -> int:
    """``ilc-viewer [PATH] [--lang en|ja]``: the window (in Japanese with ja; without
    ``--lang`` the language chosen last in the window, else the system's)."""
    args, lang = list(args), None
    # hidden: start in presentation mode (F11), for screenshots where no key can be sent
    full_screen = "--full-screen" in args
    args = [a for a in args if a != "--full-screen"]
    for option in [a for a in args if a.startswith("--lang")]:
        at = args.index(option)
        if "=" in option:
            lang = option.split("=", 1)[1]
            del args[at]
        elif at + 1 < len(args):
            lang = args[at + 1]
            del args[at:at + 2]
        else:
            lang = ""
            del args[at]
        if lang not in LANGUAGES:
            print(say(_("ilc-viewer: --lang must be en or ja"), system_language()),
                  file=sys.stderr)
            return EXIT_NOTHING
    said = lang or system_language()
    if len(args) > 1 or (args and args[0].startswith("-")):
        print(say(_("ilc-viewer: unknown command {command}; try 'ilc-viewer --help'",
                    command=repr(args[0])), said), file=sys.stderr)
        return EXIT_NOTHING
    from ilc_viewer.window_check import window_problem

    problem = window_problem()  # before Qt, which would abort with lines of its own
    if problem:
        print(f"ilc-viewer: {problem}", file=sys.stderr)
        return 1
    path = args[0] if args else None
    from ilc_viewer.open_study.early_scan import start_early_scan

    early = start_early_scan(path)  # the study is read while the window's modules load
    from ilc_viewer.storage.user_data import remove_stale_temporary_files

    remove_stale_temporary_files()  # left by saves that were killed (never the real files)
    try:
        app = importlib.import_module("ilc_viewer.ui.app")
    except ImportError as exc:
        print(say(_("ilc-viewer: the window cannot start ({reason})", reason=exc), said),
              file=sys.stderr)
        return 1
    # options are passed only when asked for, so ``run(path)`` keeps its old call
    options: dict[str, Any] = {"full_screen": True} if full_screen else {}
    if early is not None:
        options["early"] = early
    if lang is not None:
        options["lang"] = lang
    return int(app.run(path, **options) or 0)


# --- info ---------------------------------------------------------------------------------


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
    from ilc_viewer.study.sequences import choose_triple
    from ilc_viewer.study.summary import summarize

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
    from ilc_viewer.study.pixels import FrameCache, SeriesVolume

    failures = []
    # A private small cache: --decode checks every image, it need not keep them.
    volume = SeriesVolume(series, FrameCache(64 << 20))
    for i in range(len(volume)):
        try:
            volume.frame(i)
        except DecodeError as exc:
            reason = _("cannot decode pixels ({syntax}): {reason}", syntax=exc.transfer_syntax,
                       reason=exc.reason)
            failures.append({"path": exc.path, "reason": reason})
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


# --- export -------------------------------------------------------------------------------
# Headless pictures and handouts (ilc_viewer.export); never imports Qt.

EXPORT_SUFFIXES = (".png", ".jpg", ".jpeg", ".pdf")


def _export_arguments(parser: argparse.ArgumentParser) -> None:
    def one_line_error(message: str) -> None:  # argparse prints usage too; one line is clearer
        print(say(_("ilc-viewer export: {message} (see 'ilc-viewer export --help')",
                    message=message), _language_asked(sys.argv) or system_language()),
              file=sys.stderr)
        sys.exit(EXIT_NOTHING)

    parser.error = one_line_error  # type: ignore[method-assign]
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help=N_("a study: DICOM folder, file, DICOMDIR or .zip (several for a "
                                "batch; default: the bundled sample study)"))
    parser.add_argument("--out", default=None,
                        help=N_("FILE.png, FILE.jpg or FILE.pdf (handout); a folder for a batch"))
    parser.add_argument("--gsps", metavar="OUT.dcm",
                        help=N_("write the annotations as DICOM presentation states instead"))
    parser.add_argument("--slice", action="append", metavar="[PANEL=]N",
                        help=N_("slice number (1-based) of the first panel (default: the middle "
                                "one), or of PANEL: its number or layout entry, e.g. "
                                "t2:axial=3 (may be repeated)"))
    parser.add_argument("--position", action="append", metavar="[PANEL=]MM|LEVEL",
                        help=N_("position of the first panel (or PANEL) along its slice normal "
                                "in mm, or a spine level for an axial panel, e.g. t2:axial=L4/5"))
    parser.add_argument("--layout", default=None,
                        help=N_("panels left to right: sequences with an optional plane or "
                                "series numbers, e.g. t1,t2,stir,t2:axial or t2,#8 (default: "
                                "the triple)"))
    parser.add_argument("--annotations", metavar="FILE.json",
                        help=N_("annotations to burn in (default: the study's saved ones)"))
    parser.add_argument("--scale", type=float, default=1.0,
                        help=N_("picture size as a multiple of the images' native size (1-3)"))
    parser.add_argument("--lang", choices=LANGUAGES, default=system_language(),
                        help=N_("words on the export and in the messages (default: the "
                                "system's)"))
    parser.add_argument("--format", choices=("png", "jpg", "pdf"), default=None,
                        help=N_("file type when --out is a folder, made if missing (default "
                                "png)"))
    parser.add_argument("--show-patient", action="store_true",
                        help=N_("put the patient's name in (left out by default)"))
    parser.add_argument("--study", metavar="N|UID",
                        help=N_("which study, when the path holds several (1-based number or "
                                "Study Instance UID)"))


def run_export(ns: argparse.Namespace) -> int:
    """``ilc-viewer export``: annotated PNG/JPEG or a PDF handout of one or more studies."""
    from pathlib import Path

    from ilc_viewer.export import ExportError
    from ilc_viewer.storage.resources import default_sample_study

    ns.paths = ns.paths or [str(default_sample_study())]
    if ns.gsps:
        from ilc_viewer.cli_pacs import export_gsps

        try:
            return export_gsps(ns)
        except ViewerError as exc:
            return _export_fail(ns, message_of(exc))
    if ns.out is None:
        return _export_fail(ns, _("--out is required (or --gsps OUT.dcm)"))
    if not 0 < ns.scale <= 8:
        return _export_fail(ns, _("--scale must be above 0 and at most 8, not {scale:g}",
                                  scale=ns.scale))
    out = Path(ns.out)
    folder_mode = (len(ns.paths) > 1 or out.is_dir() or ns.out.endswith(("/", "\\"))
                   or (ns.format is not None and out.suffix.lower() not in EXPORT_SUFFIXES))
    if not folder_mode and out.suffix.lower() not in EXPORT_SUFFIXES:
        return _export_fail(ns, _("{path}: --out must end in .png, .jpg or .pdf, or be a folder",
                                  path=out))
    if folder_mode and out.exists() and not out.is_dir():
        return _export_fail(ns, _("{path}: is a file, not a folder", path=out))
    if not folder_mode and not out.parent.is_dir():
        return _export_fail(ns, _("{path}: the output folder does not exist", path=out.parent))
    layout = [part for part in ns.layout.split(",") if part.strip()] if ns.layout else None
    written = []
    damaged = False
    for path in ns.paths:
        try:
            targets, bad = _export_one(ns, Path(path), out if not folder_mode else None, out,
                                       layout)
        except (ExportError, ViewerError) as exc:
            return _export_fail(ns, message_of(exc))
        written += targets
        damaged = damaged or bad
        for target in targets:
            print(target)
    if not written:
        return EXIT_NOTHING
    return EXIT_DAMAGED if damaged else 0


def _export_fail(ns: argparse.Namespace, message: str) -> int:
    print(f"ilc-viewer export: {say(message, ns.lang)}", file=sys.stderr)
    return EXIT_NOTHING


def _inside(path: Any, folder: Any) -> bool:
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except OSError:
        return False


def _study_folder(source: Any) -> Any:
    """What an export must never write into: the study's folder, or a zip archive itself.

    A folder is the study; so is the folder of a DICOMDIR or of an image file given alone.
    A zip archive holds the whole study: the folder it lies in is not part of it.
    """
    if source.is_dir() or source.suffix.lower() == ".zip":  # a zip by name, as discovery says
        return source
    return source.parent


def _export_one(ns: argparse.Namespace, source: Any, target: Any, folder: Any,
                layout: list[str] | None) -> tuple[list[Any], bool]:
    """Export the study (or, into a folder, every study) at ``source``.

    Returns the files written and whether a shown image could not be decoded.
    """
    from ilc_viewer.export import ExportError
    from ilc_viewer.open_study.opened import SeveralStudiesError, open_path

    if not source.exists():
        raise ExportError(_("{path}: no such file or folder", path=source))
    choice = _study_choice(ns)
    try:
        opened = open_path(source, choice, layout=layout, lang=ns.lang,
                           annotations_file=ns.annotations)
    except SeveralStudiesError as several:
        if target is not None:
            raise ExportError(_several_studies(source, several.studies)) from None
        written, damaged = [], False
        for study in several.studies:
            opened = open_path(source, study, layout=layout, lang=ns.lang,
                               annotations_file=ns.annotations)
            path, bad = _write_export(ns, opened, source, None, folder)
            written.append(path)
            damaged = damaged or bad
        return written, damaged
    path, damaged = _write_export(ns, opened, source, target, folder)
    return [path], damaged


def _placements(ns: argparse.Namespace, opened: Any
                ) -> list[tuple[int, int | None, float | None, str | None]]:
    """(pane, slice number, position mm, level) for every --slice and --position given,
    the first panel's first (the others follow it by position, then take their own)."""
    from ilc_viewer.export import ExportError

    layout = [part.strip().lower() for part in (ns.layout or "").split(",") if part.strip()]
    out = []
    for option, values in (("--slice", ns.slice or []), ("--position", ns.position or [])):
        for value in values:
            panel, _equals, what = value.rpartition("=")
            if not panel:
                pane = 0
            elif panel.isdigit() and 1 <= int(panel) <= len(opened.state.panes):
                pane = int(panel) - 1
            elif panel.strip().lower() in layout:
                pane = layout.index(panel.strip().lower())
            else:
                raise ExportError(_("{option} {value}: no panel {panel} (give its number or "
                                    "its --layout entry)", option=option, value=value,
                                    panel=panel))
            try:
                if option == "--slice":
                    out.append((pane, int(what), None, None))
                else:
                    out.append((pane, None, float(what), None))
            except ValueError:
                if option == "--slice" or not what.strip():
                    raise ExportError(_("{option} {value}: not a number", option=option,
                                        value=value)) from None
                out.append((pane, None, None, what.strip()))
    panes = [placement[0] for placement in out]
    twice = next((pane for pane in panes if panes.count(pane) > 1), None)
    if twice is not None:
        raise ExportError(_("--slice and --position both choose panel {number}'s image; "
                            "give one per panel", number=twice + 1))
    return sorted(out, key=lambda placement: placement[0] != 0)


def _study_choice(ns: argparse.Namespace) -> int | str | None:
    """``--study N`` (1-based) or a Study Instance UID."""
    value = getattr(ns, "study", None)
    if value is None:
        return None
    return int(value) - 1 if str(value).isdigit() else str(value)


def _several_studies(source: Any, studies: list[Any]) -> str:
    """The one message for a path of several studies and a single output file."""
    lines = [_("{path} holds {count} studies; choose one with --study N (or its Study Instance "
               "UID), or give a folder as --out for one file per study:", path=source,
               count=len(studies))]
    for number, study in enumerate(studies, start=1):
        images = sum(len(s.images) for s in study.series)
        date = study.date or _("no date")
        if len(date) == 8 and date.isdigit():
            date = f"{date[:4]}-{date[4:6]}-{date[6:]}"
        lines.append(_("  {number}: {date} {description} ({series} series, {images} images) "
                       "{uid}", number=number, date=date,
                       description=study.description or _("no description"),
                       series=len(study.series), images=images, uid=study.study_uid))
    return Joined(lines, "\n")


def _write_export(ns: argparse.Namespace, opened: Any, source: Any, target: Any,
                  folder: Any) -> tuple[Any, bool]:
    from ilc_viewer.export import (
        ExportError,
        RenderOptions,
        default_name,
        export_panes,
        render,
        save_image,
    )

    for pane, number, mm, level in _placements(ns, opened):
        opened.go_to(number, mm, pane, level)
    for note in [*opened.notes, *opened.annotations.messages]:
        print(say(_("ilc-viewer export: note: {note}", note=note), ns.lang), file=sys.stderr)
    state = opened.state
    panes = export_panes(state)
    if target is None:
        suffix = "." + (ns.format or "png")
        kind = "handout" if suffix == ".pdf" else ""
        name = default_name(state, panes, suffix, opened.study.date, kind)
        target = folder / name
        counter = 2
        while target.exists():  # two studies of one day in a batch must not overwrite
            target = folder / name.replace(suffix, f"_{counter}{suffix}")
            counter += 1
    if _inside(target, _study_folder(source)):
        raise ExportError(_("{path}: will not write into the study's folder (it may be a CD); "
                            "choose another place", path=target))
    if not target.parent.is_dir():  # a batch's output folder (a file's must exist already)
        try:
            target.parent.mkdir(parents=True)
        except OSError as exc:
            raise ExportError(_("{path}: cannot make the output folder ({reason})",
                                path=target.parent, reason=exc.strerror or exc)) from exc
    if target.suffix.lower() == ".pdf":
        from ilc_viewer.export.handout import HandoutOptions, write_handout

        rendering = write_handout(target, opened, HandoutOptions(
            lang=ns.lang, show_patient=ns.show_patient, study_date=opened.study.date),
            panes=panes)
    else:
        options = RenderOptions(scale=ns.scale, lang=ns.lang, show_patient=ns.show_patient)
        rendering = render(opened, panes, options)
        save_image(rendering.pixels, target)
    for note in rendering.notes:
        print(say(_("ilc-viewer export: {note} (written with that panel empty)", note=note),
                  ns.lang), file=sys.stderr)
    return target, bool(rendering.notes)


SUBCOMMANDS["export"] = (
    N_("annotated pictures (PNG/JPEG) and patient handouts (PDF), without a window"),
    _export_arguments,
    run_export,
)

from ilc_viewer import cli_pacs  # noqa: E402, F401  (registers 'pacs')
