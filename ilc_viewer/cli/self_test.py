"""``ilc-viewer --self-test [PATH] [--lang en|ja]``: check this installation, print each check.

Opens PATH (default: the bundled sample study) in the real window, offscreen when there is
no display, and exits 0 only if every check passed (1 otherwise, 2 for a wrong command
line). The checks, in order: the display, the window and its first image (with the time from
the process's start: the window comes first, so this is the time a doctor waits), each of
the T1, T2 and STIR panels, a PNG picture and a Japanese PDF handout of the study, the
bundled files and the decoders (used, not looked at), no network connection attempted, and
nothing written in the program's folder.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Mapping

from ilc_viewer import __version__
from ilc_viewer.cli import EXIT_NOTHING, system_language
from ilc_viewer.self_test import Check, Report, clock
from ilc_viewer.self_test.network import WATCH
from ilc_viewer.words.catalogue import LANGUAGES, _, say

OPTION = "--self-test"


def run_self_test(args: list[str]) -> int:
    """The command; ``args`` are the command line's arguments (``--self-test`` among them)."""
    WATCH.start()  # first: nothing may reach the network unnoticed
    started_at = clock.started_at()
    parsed = _parse([a for a in args if a != OPTION])
    if isinstance(parsed, str):
        print(parsed, file=sys.stderr)
        return EXIT_NOTHING
    path, lang = parsed
    report = Report(lang or system_language())
    report.line(_("ILC Viewer {version} self-test ({how}, {where})", version=__version__,
                  how=_("bundle") if getattr(sys, "frozen", False) else _("Python install"),
                  where=_program_place()))

    report.add(choose_display())
    _window_checks(report, path, lang)  # first: its start-up time is the window's own

    from ilc_viewer.self_test.install import bundled_files, decoders, program_folder_unchanged

    report.extend(bundled_files())
    report.add(decoders())
    attempts = WATCH.attempts
    report.add(Check(_("no network connection attempted"), not attempts,
                     "; ".join(attempts[:5])))
    report.add(program_folder_unchanged(started_at))
    report.line(report.summary())
    return 0 if report.passed else 1


def _parse(args: list[str]) -> tuple[str | None, str | None] | str:
    """(PATH, language) from the arguments, or the one sentence saying what is wrong."""
    lang, rest = None, []
    k = 0
    while k < len(args):
        arg = args[k]
        if arg == "--lang" or arg.startswith("--lang="):
            lang = arg.split("=", 1)[1] if "=" in arg else (args[k + 1] if k + 1 < len(args)
                                                            else "")
            k += 1 if "=" in arg else 2
            if lang not in LANGUAGES:
                return say(_("ilc-viewer: --lang must be en or ja"), system_language())
            continue
        rest.append(arg)
        k += 1
    said = lang or system_language()
    if len(rest) > 1 or (rest and rest[0].startswith("-")):
        return say(_("ilc-viewer --self-test: one PATH at most, not {args}",
                     args=" ".join(rest)), said)
    return (rest[0] if rest else None), lang


def _program_place() -> str:
    if getattr(sys, "frozen", False):
        return os.path.dirname(sys.executable)
    return os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def choose_display(environ: Mapping[str, str] | None = None,
                   platform: str = sys.platform) -> Check:
    """Where the window is drawn: the desktop, or offscreen when there is no display.

    Sets ``QT_QPA_PLATFORM=offscreen`` (in ``environ``, default: this process's environment)
    when there is no display on Linux; a display that is there but unusable (the X server
    does not answer, the X11 plugin lacks a library) fails the check, and the rest of the
    self-test is still drawn offscreen so that its other checks say what they can.
    """
    env = os.environ if environ is None else environ
    name = _("display")
    asked = env.get("QT_QPA_PLATFORM", "").strip()
    if asked:
        return Check(name, True, _("as asked: QT_QPA_PLATFORM={platform}", platform=asked))
    if not platform.startswith("linux"):
        return Check(name, True, _("the desktop"))
    if not env.get("DISPLAY", "").strip() and not env.get("WAYLAND_DISPLAY", "").strip():
        env["QT_QPA_PLATFORM"] = "offscreen"  # type: ignore[index]
        return Check(name, True, _("none found: the window is drawn offscreen"))
    from ilc_viewer.window_check import window_problem

    problem = window_problem(env, platform)
    if problem:
        env["QT_QPA_PLATFORM"] = "offscreen"  # type: ignore[index]
        return Check(name, False, problem)
    return Check(name, True, env.get("DISPLAY") or env.get("WAYLAND_DISPLAY", ""))


def _window_checks(report: Report, path: str | None, lang: str | None) -> None:
    """Open the window on ``path``, then check the panels and the exports of that study."""
    from ilc_viewer.open_study.early_scan import start_early_scan
    from ilc_viewer.self_test.window_checks import export_checks, window_checks

    early = start_early_scan(path)  # as the window command does
    try:
        ui = importlib.import_module("ilc_viewer.ui.self_test")
    except ImportError as exc:
        report.add(Check(_("window opened"), False,
                         _("the window cannot start ({reason})", reason=exc)))
        return
    run = ui.WindowRun(path, lang, early, clock.since_start)
    try:
        report.extend(window_checks(run.run()))
        if run.opened is not None:
            report.extend(export_checks(run.opened, report.lang))
    finally:
        run.close()
