"""``ilc-viewer --self-test [PATH]``: does this installation work, here, on this machine?

Run by whoever installs the viewer on a clinic PC (and by CI on the bundle): it opens the study
(the bundled sample by default) in the real window, offscreen when there is no display,
waits for the first painted image, checks that the T1, T2 and STIR panels show images and
that an export renders, and prints one line per check and the time from the process's start
to the first image. The exit code is 0 only when every check passed.

The core parts live here (no Qt): the report (this module), the process clock
(``clock.py``), the network watch (``network.py``), the checks of the bundled files, the
decoders and the program's folder (``install.py``), and the checks of what the window and
the exports did (``window_checks.py``). The window part is ``ilc_viewer/ui/self_test.py``;
the command is ``ilc_viewer/cli/self_test.py``.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TextIO

from ilc_viewer.words.catalogue import _, say


@dataclass(frozen=True)
class Check:
    """One line of the self-test: what was checked, whether it passed, and what was seen."""

    name: str
    passed: bool
    detail: str = ""


class Report:
    """The checks, printed one line each as they are made, in the language asked for."""

    def __init__(self, lang: str, out: TextIO | None = None) -> None:
        self.lang = lang
        self.out = out if out is not None else sys.stdout
        self.checks: list[Check] = []

    def say(self, text: object) -> str:
        """A core message (or any text) in the report's language."""
        return say(text, self.lang)

    def line(self, text: object) -> None:
        """Print one line that is not a check (the heading, the summary)."""
        print(self.say(text), file=self.out, flush=True)

    def add(self, check: Check) -> Check:
        """Record and print a check."""
        self.checks.append(check)
        mark = _("ok") if check.passed else _("FAILED")
        detail = f": {self.say(check.detail)}" if check.detail else ""
        print(f"  {self.say(mark):<6} {self.say(check.name)}{detail}", file=self.out,
              flush=True)
        return check

    def extend(self, checks: list[Check]) -> None:
        """Record and print several checks."""
        for check in checks:
            self.add(check)

    @property
    def passed(self) -> bool:
        """Whether there was at least one check and every check passed."""
        return bool(self.checks) and all(check.passed for check in self.checks)

    def summary(self) -> str:
        """The closing line."""
        failed = sum(not check.passed for check in self.checks)
        if self.passed:
            return self.say(_("Self-test passed: all {count} checks.",
                              count=len(self.checks)))
        return self.say(_("Self-test FAILED: {failed} of {count} checks failed.",
                          failed=failed, count=len(self.checks)))
