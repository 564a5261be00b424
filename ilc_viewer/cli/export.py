"""``ilc-viewer export``: annotated pictures (PNG/JPEG) and handouts (PDF), headless."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ilc_viewer.cli import (
    EXIT_DAMAGED,
    EXIT_NOTHING,
    SUBCOMMANDS,
    language_asked,
    system_language,
)
from ilc_viewer.errors import ViewerError
from ilc_viewer.words.catalogue import (
    LANGUAGES,
    N_,
    Joined,
    _,
    message_of,
    say,
)

# Headless pictures and handouts (ilc_viewer.export); never imports Qt.

EXPORT_SUFFIXES = (".png", ".jpg", ".jpeg", ".pdf")
HANDOUT_LANGUAGES = ("en", "ja", "both")


class _LanguageGiven(argparse.Action):
    """``--lang`` that also notes it was given (the tour handout then speaks it)."""

    def __call__(self, parser, namespace, values, option_string=None):  # type: ignore[no-untyped-def]
        setattr(namespace, self.dest, values)
        namespace.lang_given = True


def _export_arguments(parser: argparse.ArgumentParser) -> None:
    def one_line_error(message: str) -> None:  # argparse prints usage too; one line is clearer
        print(say(_("ilc-viewer export: {message} (see 'ilc-viewer export --help')",
                    message=message), language_asked(sys.argv) or system_language()),
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
                        action=_LanguageGiven,
                        help=N_("words on the export and in the messages (default: the "
                                "system's)"))
    parser.add_argument("--handout-lang", choices=HANDOUT_LANGUAGES, default=None,
                        help=N_("language of a handout that follows the saved Explain tour: "
                                "en, ja or both (default: --lang if given, else the tour's)"))
    parser.set_defaults(lang_given=False)
    parser.add_argument("--format", choices=("png", "jpg", "pdf"), default=None,
                        help=N_("file type when --out is a folder, made if missing (default "
                                "png)"))
    parser.add_argument("--fill", action="store_true",
                        help=N_("images cover each panel, cropped at its sides (default: the "
                                "whole anatomy fits, as the window's View menu says)"))
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
        from ilc_viewer.cli.pacs import export_gsps

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

    opened.state.set_fill_panels(bool(getattr(ns, "fill", False)))
    if ns.annotations is None:
        from ilc_viewer.sharing.adopt import review_opened

        # the annotations saved with the study, as the window shows them
        opened.annotations.take(review_opened(opened))
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
    tour = opened.annotations.saved_tour
    if target.suffix.lower() == ".pdf" and tour is not None:
        from ilc_viewer.export.tour_handout import TourHandoutOptions, write_tour_handout

        lang = ns.handout_lang or (ns.lang if ns.lang_given else tour.lang)
        write_tour_handout(target, opened, tour, TourHandoutOptions(
            lang=lang, show_patient=ns.show_patient))
        return target, bool(opened.decode_failures())
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
        print(say(_("ilc-viewer export: {note} (written with that panel marked as damaged)",
                    note=note), ns.lang), file=sys.stderr)
    return target, bool(rendering.notes)


SUBCOMMANDS["export"] = (
    N_("annotated pictures (PNG/JPEG) and patient handouts (PDF), without a window"),
    _export_arguments,
    run_export,
)
