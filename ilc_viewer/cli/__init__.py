"""The ``ilc-viewer`` command: sub-commands for headless work, the window otherwise.

The sub-commands live beside this module (``info.py``, ``export.py``, ``pacs.py``) and
register themselves in :data:`SUBCOMMANDS`; ``window.py`` starts the window.

``ilc-viewer info [PATH] [--json] [--decode]`` lists the studies and series found at PATH, the
chosen T1/T2/STIR triple and every skipped file with its reason. It never prints patient
name, ID or birth date. Without PATH, ``info`` and ``export`` use the window's default study
(the bundled sample). ``ilc-viewer`` with no sub-command (or with just a PATH) opens the
window; Qt is imported only then, so the headless commands run without a display.
``ilc-viewer --self-test [PATH]`` checks the installation (``self_test.py``).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Mapping, Sequence

from ilc_viewer import __version__
from ilc_viewer.errors import ViewerError
from ilc_viewer.words.catalogue import LANGUAGES, N_, gettext, say_error

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
    if "--self-test" in args and args[0] not in SUBCOMMANDS:
        from ilc_viewer.cli.self_test import run_self_test

        return run_self_test(args)
    if not args or (args[0] not in SUBCOMMANDS and args[0] not in ("-h", "--help", "--version")):
        from ilc_viewer.cli.window import open_window

        return open_window(args)
    lang = language_asked(args) or system_language()
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


def language_asked(args: list[str]) -> str | None:
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
    # run by main() before this parser; listed here for --help
    parser.add_argument("--self-test", nargs="?", metavar="PATH", help=gettext(N_(
        "check this installation: open PATH (default: the sample study) in the window, "
        "offscreen when there is no display, check its panels and an export, print each "
        "check; exit 0 only if all pass"), lang))
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (help_text, add_arguments, run) in SUBCOMMANDS.items():
        said = gettext(help_text, lang)
        sub = commands.add_parser(name, help=said, description=said)
        add_arguments(sub)
        _say_help(sub, lang, default=lang)
        sub.set_defaults(run=run)
    return parser


def _say_help(parser: argparse.ArgumentParser, lang: str, default: str | None) -> None:
    """The help of ``parser``'s options, and of its own sub-commands (``pacs echo``), in
    ``lang``; each takes ``--lang`` (a sub-command's keeps the value given before it)."""
    for action in parser._actions:
        if action.help and action.help != argparse.SUPPRESS:
            action.help = gettext(action.help, lang)
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                choice.help = gettext(choice.help, lang) if choice.help else choice.help
            for sub in action.choices.values():
                if sub.description:
                    sub.description = gettext(sub.description, lang)
                _say_help(sub, lang, default=None)
    if not any("--lang" in action.option_strings for action in parser._actions):
        parser.add_argument("--lang", choices=LANGUAGES,
                            default=argparse.SUPPRESS if default is None else default,
                            help=gettext(N_("language of the messages (default: the "
                                            "system's)"), lang))


# the sub-commands register themselves (after SUBCOMMANDS exists)
from ilc_viewer.cli import export, info, pacs  # noqa: E402, F401
