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
from ilc_viewer.words.catalogue import N_, _, say, say_error


def _connection_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--server", required=True, metavar="HOST:PORT",
                        help=N_("the clinic server (PACS), e.g. pacs.clinic:104"))
    parser.add_argument("--aet", default="ANY-SCP", help=N_("the server's AE title"))
    parser.add_argument("--calling-aet", default="ILCVIEWER", help=N_("our AE title"))
    parser.add_argument("--timeout", type=float, default=30.0,
                        help=N_("seconds to wait for an answer (default 30)"))
    parser.add_argument("--connect-timeout", type=float, default=5.0,
                        help=N_("seconds to wait for the connection (default 5)"))


def _action(commands: Any, name: str, help_text: str) -> argparse.ArgumentParser:
    """One action of ``pacs`` (its help is said in the language asked for by ``cli``)."""
    return commands.add_parser(name, help=help_text, description=help_text)


def _arguments(parser: argparse.ArgumentParser) -> None:
    commands = parser.add_subparsers(dest="pacs_command", metavar="ACTION", required=True)
    echo = _action(commands, "echo", N_("check that the server answers (C-ECHO)"))
    _connection_arguments(echo)
    find = _action(commands, "find", N_("search studies (C-FIND)"))
    _connection_arguments(find)
    _query_arguments(find)
    find.add_argument("--series", action="store_true", help=N_("also list each study's series"))
    find.add_argument("--json", action="store_true", help=N_("print machine-readable JSON"))
    find.add_argument("--show-patient", action="store_true",
                      help=N_("print patient name, ID and birth date (left out by default)"))
    get = _action(commands, "get", N_("retrieve studies into the cache (C-GET / C-MOVE)"))
    _connection_arguments(get)
    get.add_argument("study_uids", nargs="*", metavar="STUDY_UID",
                     help=N_("studies to retrieve (or give --patient-id / --date)"))
    _query_arguments(get)
    get.add_argument("--out", metavar="FOLDER",
                     help=N_("keep the studies here (default: the viewer's retrieve cache)"))
    get.add_argument("--method", choices=("auto", "get", "move"), default="auto",
                     help=N_("C-GET, C-MOVE, or C-GET falling back to C-MOVE (default)"))
    get.add_argument("--receive-port", type=int, default=0,
                     help=N_("our port for C-MOVE (the server must know our AE title there)"))
    store = _action(commands, "store", N_("send DICOM files (C-STORE)"))
    _connection_arguments(store)
    store.add_argument("paths", nargs="+", metavar="PATH", help=N_("DICOM files or folders"))


def _query_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--patient-id", default="", help=N_("the patient ID"))
    parser.add_argument("--name", default="",
                        help=N_("part of the patient's name (any script)"))
    parser.add_argument("--date", default="",
                        help=N_("study date YYYYMMDD or range YYYYMMDD-YYYYMMDD"))
    parser.add_argument("--modality", default="", help=N_("e.g. MR"))


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
        _fail(say_error(exc, ns.lang))
        return EXIT_NOTHING


def _fail(text: str) -> None:
    """One line on stderr (``text`` already said in the language asked for)."""
    print(f"ilc-viewer pacs: {text}", file=sys.stderr)


def _echo(ns: argparse.Namespace) -> int:
    from ilc_viewer.dicom.network import echo

    settings = _settings(ns)
    seconds = echo(settings)
    print(say(_("{server} answered in {ms:.0f} ms", server=settings.label, ms=seconds * 1000),
              ns.lang))
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
        print(say(_("{date}  {modalities}  {series} series  {images} images  "
                    "{description}{who}  {uid}", date=row["date"] or _("(no date)"),
                    modalities="/".join(row["modalities"]), series=row["series"] or "?",
                    images=row["instances"] or "?", description=row["description"], who=who,
                    uid=row["study_uid"]), ns.lang))
        for s in row.get("series_list", []):
            number = s["number"] if s["number"] is not None else ""
            print(say(_("    {number:>4}  {modality:<3} {images:>4} images  {description}",
                        number=number, modality=s["modality"],
                        images=s["instance_count"] or "?", description=s["description"]),
                      ns.lang))
    if not rows:
        _fail(say(_("no study matches"), ns.lang))
        return EXIT_NOTHING
    return 0


def _get(ns: argparse.Namespace) -> int:
    from ilc_viewer.dicom.network import RetrieveCache, find_studies, retrieve_study

    settings = _settings(ns)
    uids = list(ns.study_uids)
    if not uids:
        query = _query(ns)
        if not (query.patient_id or query.patient_name or query.date):
            raise ViewerError(_("give STUDY_UID(s), or --patient-id / --name / --date"))
        uids = [s.study_uid for s in find_studies(settings, query)]
        if not uids:
            raise ViewerError(_("no study matches"))
    cache = RetrieveCache(Path(ns.out), limit_bytes=1 << 62) if ns.out else \
        RetrieveCache(limit_bytes=settings.cache_mb << 20)
    for uid in uids:
        def progress(done: int, total: int) -> None:
            if sys.stderr.isatty():
                print("\r" + say(_("{done}/{total} images", done=done, total=total), ns.lang),
                      end="", file=sys.stderr, flush=True)

        result = retrieve_study(settings, uid, cache, progress)
        if sys.stderr.isatty():
            print(file=sys.stderr)
        print(say(_("{folder}  ({count} files by {method})", folder=result.folder,
                    count=result.instances, method=result.method), ns.lang))
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
            raise ViewerError(_("{path}: no such file or folder", path=path))
    result = store(_settings(ns), files)
    for line in result.failed:
        _fail(say(line, ns.lang))
    print(say(_("stored {count} of {total} file(s)", count=len(result.stored),
                total=len(files)), ns.lang))
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
        raise ViewerError(_("--gsps takes one study"))
    source, out = Path(ns.paths[0]), Path(ns.gsps)
    if not source.exists():
        raise ViewerError(_("{path}: no such file or folder", path=source))
    if out.suffix.lower() != ".dcm" or not out.parent.is_dir():
        raise ViewerError(_("{path}: --gsps must be a .dcm file in an existing folder",
                            path=out))
    study_folder = source if source.is_dir() else source.parent
    if out.resolve().is_relative_to(study_folder.resolve()):
        raise ViewerError(_("{path}: will not write into the study's folder (it may be a CD)",
                            path=out))
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
        print(say(_("ilc-viewer export: note: {note}", note=note), ns.lang), file=sys.stderr)
    for number, ds in enumerate(result.datasets, start=1):
        target = out if number == 1 else out.with_name(f"{out.stem}_{number}{out.suffix}")
        try:
            print(write_dataset(ds, target))
        except OSError as exc:
            raise ViewerError(_("{path}: cannot be written ({reason})", path=target,
                                reason=exc.strerror or exc)) from None
    return 0 if result.datasets else EXIT_NOTHING


SUBCOMMANDS["pacs"] = (
    N_("the clinic server: echo, find, get (retrieve) and store"),
    _arguments,
    run_pacs,
)
