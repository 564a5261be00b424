"""``ilc-viewer pacs echo|find|get|store``: the clinic server from the command line.

The same settings as the window's server dialog: ``--server HOST:PORT --aet AET
--calling-aet AET`` (and timeouts); ``find`` takes ``--patient-id``, ``--name``, ``--date``
and ``--modality``; ``get`` brings studies into the retrieve cache (or ``--out FOLDER``);
``store`` sends DICOM files. Without ``--server`` nothing connects anywhere. ``find`` prints
no patient name, ID or birth date unless ``--show-patient`` is given. Every failure is one
line on stderr and exit code 2.

Also here: :func:`export_gsps`, the ``ilc-viewer export STUDY --gsps OUT.dcm`` writer.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ilc_viewer.cli import EXIT_NOTHING, SUBCOMMANDS
from ilc_viewer.errors import ViewerError


def _connection_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--server", required=True, metavar="HOST:PORT",
                        help="the clinic server (PACS), e.g. pacs.clinic:104")
    parser.add_argument("--aet", default="ANY-SCP", help="the server's AE title")
    parser.add_argument("--calling-aet", default="ILCVIEWER", help="our AE title")
    parser.add_argument("--timeout", type=float, default=30.0,
                        help="seconds to wait for an answer (default 30)")
    parser.add_argument("--connect-timeout", type=float, default=5.0,
                        help="seconds to wait for the connection (default 5)")


def _arguments(parser: argparse.ArgumentParser) -> None:
    commands = parser.add_subparsers(dest="pacs_command", metavar="ACTION", required=True)
    echo = commands.add_parser("echo", help="check that the server answers (C-ECHO)")
    _connection_arguments(echo)
    find = commands.add_parser("find", help="search studies (C-FIND)")
    _connection_arguments(find)
    _query_arguments(find)
    find.add_argument("--series", action="store_true", help="also list each study's series")
    find.add_argument("--json", action="store_true", help="print machine-readable JSON")
    find.add_argument("--show-patient", action="store_true",
                      help="print patient name, ID and birth date (left out by default)")
    get = commands.add_parser("get", help="retrieve studies into the cache (C-GET / C-MOVE)")
    _connection_arguments(get)
    get.add_argument("study_uids", nargs="*", metavar="STUDY_UID",
                     help="studies to retrieve (or give --patient-id / --date)")
    _query_arguments(get)
    get.add_argument("--out", metavar="FOLDER",
                     help="keep the studies here (default: the viewer's retrieve cache)")
    get.add_argument("--method", choices=("auto", "get", "move"), default="auto",
                     help="C-GET, C-MOVE, or C-GET falling back to C-MOVE (default)")
    get.add_argument("--receive-port", type=int, default=0,
                     help="our port for C-MOVE (the server must know our AE title there)")
    store = commands.add_parser("store", help="send DICOM files (C-STORE)")
    _connection_arguments(store)
    store.add_argument("paths", nargs="+", metavar="PATH", help="DICOM files or folders")


def _query_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--patient-id", default="", help="the patient ID")
    parser.add_argument("--name", default="", help="part of the patient's name (any script)")
    parser.add_argument("--date", default="",
                        help="study date YYYYMMDD or range YYYYMMDD-YYYYMMDD")
    parser.add_argument("--modality", default="", help="e.g. MR")


def _settings(ns: argparse.Namespace) -> Any:
    from ilc_viewer.dicom.network import ServerSettings, parse_server

    host, port = parse_server(ns.server)
    return ServerSettings(host=host, port=port, called_aet=ns.aet, calling_aet=ns.calling_aet,
                          timeout=ns.timeout, connect_timeout=ns.connect_timeout,
                          retrieve=getattr(ns, "method", "auto"),
                          receive_port=getattr(ns, "receive_port", 0)).check()


def _query(ns: argparse.Namespace) -> Any:
    from ilc_viewer.dicom.network import StudyQuery

    return StudyQuery(patient_name=ns.name, patient_id=ns.patient_id, date=ns.date,
                      modality=ns.modality.upper())


def run_pacs(ns: argparse.Namespace) -> int:
    """Run one ``pacs`` action; one line on stderr and exit 2 on failure."""
    try:
        return {"echo": _echo, "find": _find, "get": _get, "store": _store}[ns.pacs_command](ns)
    except ViewerError as exc:
        print(f"ilc-viewer pacs: {exc}", file=sys.stderr)
        return EXIT_NOTHING


def _echo(ns: argparse.Namespace) -> int:
    from ilc_viewer.dicom.network import echo

    settings = _settings(ns)
    seconds = echo(settings)
    print(f"{settings.label} answered in {seconds * 1000:.0f} ms")
    return 0


def _find(ns: argparse.Namespace) -> int:
    from ilc_viewer.dicom.network import find_series, find_studies

    settings = _settings(ns)
    studies = find_studies(settings, _query(ns))
    rows = []
    for study in studies:
        row: dict[str, Any] = {
            "study_uid": study.study_uid, "date": study.date, "time": study.time,
            "description": study.description, "modalities": list(study.modalities),
            "series": study.series_count, "instances": study.instance_count,
        }
        if ns.show_patient:
            row.update(patient_name=study.patient_name, patient_id=study.patient_id,
                       birth_date=study.birth_date)
        if ns.series:
            row["series_list"] = [vars(s) for s in find_series(settings, study.study_uid)]
        rows.append(row)
    if ns.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0 if rows else EXIT_NOTHING
    for row in rows:
        who = f"  {row['patient_name']} ({row['patient_id']})" if ns.show_patient else ""
        print(f"{row['date'] or '(no date)'}  {'/'.join(row['modalities'])}  "
              f"{row['series'] or '?'} series  {row['instances'] or '?'} images  "
              f"{row['description']}{who}  {row['study_uid']}")
        for s in row.get("series_list", []):
            print(f"    {s['number'] if s['number'] is not None else '':>4}  {s['modality']:<3} "
                  f"{s['instance_count'] or '?':>4} images  {s['description']}")
    if not rows:
        print("ilc-viewer pacs: no study matches", file=sys.stderr)
        return EXIT_NOTHING
    return 0


def _get(ns: argparse.Namespace) -> int:
    from ilc_viewer.dicom.network import RetrieveCache, find_studies, retrieve_study

    settings = _settings(ns)
    uids = list(ns.study_uids)
    if not uids:
        query = _query(ns)
        if not (query.patient_id or query.patient_name or query.date):
            raise ViewerError("give STUDY_UID(s), or --patient-id / --name / --date")
        uids = [s.study_uid for s in find_studies(settings, query)]
        if not uids:
            raise ViewerError("no study matches")
    cache = RetrieveCache(Path(ns.out), limit_bytes=1 << 62) if ns.out else \
        RetrieveCache(limit_bytes=settings.cache_mb << 20)
    for uid in uids:
        def progress(done: int, total: int) -> None:
            if sys.stderr.isatty():
                print(f"\r{done}/{total} images", end="", file=sys.stderr, flush=True)

        result = retrieve_study(settings, uid, cache, progress)
        if sys.stderr.isatty():
            print(file=sys.stderr)
        print(f"{result.folder}  ({result.instances} files by {result.method})")
    return 0


def _store(ns: argparse.Namespace) -> int:
    from ilc_viewer.dicom.network import store

    files: list[Path] = []
    for path in map(Path, ns.paths):
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file()))
        elif path.is_file():
            files.append(path)
        else:
            raise ViewerError(f"{path}: no such file or folder")
    result = store(_settings(ns), files)
    for line in result.failed:
        print(f"ilc-viewer pacs: {line}", file=sys.stderr)
    print(f"stored {len(result.stored)} of {len(files)} file(s)")
    return 0 if not result.failed else EXIT_NOTHING


def export_gsps(ns: argparse.Namespace) -> int:
    """``ilc-viewer export STUDY --gsps OUT.dcm``: the view's presentation states as files.

    One GSPS per shown series: ``OUT.dcm``, then ``OUT_2.dcm``, ``OUT_3.dcm`` ...
    """
    from ilc_viewer.annotations.gsps import presentation_states
    from ilc_viewer.cli.export import _placements, _study_choice
    from ilc_viewer.open_study.opened import open_path
    from ilc_viewer.sharing.build import shown_views, write_dataset

    if len(ns.paths) != 1:
        raise ViewerError("--gsps takes one study")
    source, out = Path(ns.paths[0]), Path(ns.gsps)
    if not source.exists():
        raise ViewerError(f"{source}: no such file or folder")
    if out.suffix.lower() != ".dcm" or not out.parent.is_dir():
        raise ViewerError(f"{out}: --gsps must be a .dcm file in an existing folder")
    study_folder = source if source.is_dir() else source.parent
    if out.resolve().is_relative_to(study_folder.resolve()):
        raise ViewerError(f"{out}: will not write into the study's folder (it may be a CD)")
    layout = [p for p in ns.layout.split(",") if p.strip()] if ns.layout else None
    opened = open_path(source, _study_choice(ns), layout=layout, lang=ns.lang,
                       annotations_file=ns.annotations)
    if ns.annotations is None:
        from ilc_viewer.sharing.adopt import review_opened

        opened.annotations.take(review_opened(opened))
    for pane, number, mm, level in _placements(ns, opened):
        opened.go_to(number, mm, pane, level)
    annotations = opened.annotations.annotations.snapshot()
    shown = [p for p in opened.state.visible_panes if opened.state.panes[p].series is not None]
    for pane in shown:
        opened.ensure_window(pane)
    views = shown_views(opened.state, opened.study, annotations, shown)
    result = presentation_states(views, annotations, opened.library)
    for note in [*opened.notes, *opened.annotations.messages, *result.notes]:
        print(f"ilc-viewer export: note: {note}", file=sys.stderr)
    for number, ds in enumerate(result.datasets, start=1):
        target = out if number == 1 else out.with_name(f"{out.stem}_{number}{out.suffix}")
        print(write_dataset(ds, target))
    return 0 if result.datasets else EXIT_NOTHING


SUBCOMMANDS["pacs"] = (
    "the clinic server: echo, find, get (retrieve) and store",
    _arguments,
    run_pacs,
)
