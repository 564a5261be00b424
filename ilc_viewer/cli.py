"""The ``ilc-viewer`` command: sub-commands for headless work, the window otherwise.

``ilc-viewer info PATH [--json] [--decode]`` lists the studies and series found at PATH, the
chosen T1/T2/STIR triple and every skipped file with its reason. It never prints patient
name, ID or birth date. ``ilc-viewer`` with no sub-command (or with just a PATH) opens the
window; Qt is imported only then, so the headless commands run without a display.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import warnings
from collections.abc import Callable, Sequence
from typing import Any

from ilc_viewer import __version__
from ilc_viewer.errors import DecodeError, ViewerError
from ilc_viewer.study import Series, StudyIndex

#: Exit code for "nothing to show": missing path, empty folder, nothing loadable.
EXIT_NOTHING = 2

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
    parser = _parser()
    ns = parser.parse_args(args)
    try:
        return ns.run(ns)
    except ViewerError as exc:
        print(f"ilc-viewer: {exc}", file=sys.stderr)
        return EXIT_NOTHING
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ilc-viewer",
        description="MRI viewer for patient education. With no command, or a PATH only, "
        "it opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"ilc-viewer {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (help_text, add_arguments, run) in SUBCOMMANDS.items():
        sub = commands.add_parser(name, help=help_text, description=help_text)
        add_arguments(sub)
        sub.set_defaults(run=run)
    return parser


def _open_window(args: list[str]) -> int:
    if len(args) > 1 or (args and args[0].startswith("-")):
        print(f"ilc-viewer: unknown command {args[0]!r}; try 'ilc-viewer --help'", file=sys.stderr)
        return EXIT_NOTHING
    try:
        app = importlib.import_module("ilc_viewer.ui.app")
    except ImportError as exc:
        print(f"ilc-viewer: the window cannot start ({exc})", file=sys.stderr)
        return 1
    return int(app.run(args[0] if args else None) or 0)


# --- info ---------------------------------------------------------------------------------


def _info_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", help="a DICOM file, folder, DICOMDIR or .zip archive")
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON")
    parser.add_argument(
        "--decode", action="store_true", help="also decode every image and list failures"
    )


def run_info(ns: argparse.Namespace) -> int:
    """``ilc-viewer info``: describe what is at a path."""
    from ilc_viewer.dicom_index import scan

    index = scan(ns.path)
    if not index.all_series():
        reason = "no DICOM images found"
        if index.skipped:
            reason += f" ({len(index.skipped)} file(s) skipped, e.g. {index.skipped[0].reason})"
        print(f"ilc-viewer: {ns.path}: {reason}.", file=sys.stderr)
        return EXIT_NOTHING
    failures = decode_all(index) if ns.decode else None
    report = info_report(index)
    if failures is not None:
        report["decode_failures"] = failures
    if ns.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        print(format_report(report))
    return 0


def info_report(index: StudyIndex) -> dict[str, Any]:
    """The ``info --json`` structure. Holds no patient name, ID or birth date."""
    from ilc_viewer.sequences import choose_triple

    triple = choose_triple(index.all_series())
    return {
        "studies": [
            {
                "study_uid": study.study_uid,
                "description": study.description,
                "date": study.date,
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
                        "rows": s.rows,
                        "columns": s.columns,
                        "warnings": list(s.warnings),
                    }
                    for s in study.series
                ],
            }
            for study in index.studies
        ],
        "triple": {
            label: (triple.get(label).key if triple.get(label) is not None else None)
            for label in ("T1", "T2", "STIR")
        },
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
    from ilc_viewer.volume import FrameCache, SeriesVolume

    failures = []
    # A private small cache: --decode checks every image, it need not keep them.
    volume = SeriesVolume(series, FrameCache(64 << 20))
    for i in range(len(volume)):
        try:
            volume.frame(i)
        except DecodeError as exc:
            reason = f"cannot decode pixels ({exc.transfer_syntax}): {exc.reason}"
            failures.append({"path": exc.path, "reason": reason})
    return failures


def format_report(report: dict[str, Any]) -> str:
    """The human-readable table of ``info``."""
    lines = []
    for study in report["studies"]:
        lines.append(f"Study {study['date'] or '(no date)'}  {study['description'] or ''}".rstrip())
        lines.append(f"  uid {study['study_uid']}")
        lines.append(
            f"  {'#':>4}  {'sequence':<9} {'plane':<9} {'images':>6}  {'size':>9}  description"
        )
        for s in study["series"]:
            number = "" if s["number"] is None else str(s["number"])
            size = f"{s['rows']}x{s['columns']}"
            lines.append(
                f"  {number:>4}  {s['sequence']:<9} {s['plane']:<9} {s['images']:>6}  "
                f"{size:>9}  {s['description']} [{s['modality']}]"
            )
            if s["reason"]:
                lines.append(f"{'':8}why: {s['reason']}")
            lines.extend(f"{'':8}warning: {w}" for w in s["warnings"])
        lines.append("")
    triple = report["triple"]
    lines.append("Triple: " + ", ".join(f"{k} = {v or '(none)'}" for k, v in triple.items()))
    if report["skipped"]:
        lines.append(f"Skipped {len(report['skipped'])} file(s):")
        lines.extend(f"  {s['path']}: {s['reason']}" for s in report["skipped"])
    if "decode_failures" in report:
        failures = report["decode_failures"]
        lines.append(f"Decode failures: {len(failures)}")
        lines.extend(f"  {f['reason']}" for f in failures)
    return "\n".join(lines)


SUBCOMMANDS["info"] = (
    "list the studies, series and skipped files at a path",
    _info_arguments,
    run_info,
)
