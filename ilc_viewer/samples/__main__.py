"""``python -m ilc_viewer.samples OUTDIR [CASE ...]``: write the sample studies."""

from __future__ import annotations

import argparse
import sys

from ilc_viewer.samples import CASES, generate


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, generate, print the folders written."""
    parser = argparse.ArgumentParser(prog="python -m ilc_viewer.samples",
                                     description="Write the simulated lumbar MRI sample studies.")
    parser.add_argument("outdir", help="folder to write case_a/ and case_b/ into")
    parser.add_argument("cases", nargs="*", metavar="CASE",
                        help=f"cases to write (default: all of {', '.join(CASES)})")
    args = parser.parse_args(argv)
    unknown = [c for c in args.cases if c not in CASES]
    if unknown:
        parser.error(f"unknown case {unknown[0]!r}; choose from {', '.join(CASES)}")
    for folder in generate(args.outdir, args.cases or None):
        print(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
