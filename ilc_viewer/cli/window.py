"""``ilc-viewer [PATH] [--lang en|ja]``: start the window (Qt is imported only here)."""

from __future__ import annotations

import importlib
import sys
from typing import Any

from ilc_viewer.cli import EXIT_NOTHING, system_language
from ilc_viewer.words.catalogue import LANGUAGES, _, say


def open_window(args: list[str]) -> int:
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
