"""Start-up of the one-folder bundle against the virtual-environment install, and its size.

Runs ``ilc-viewer --self-test`` of each program in turn (interleaved, offscreen, each with an
empty data folder), and reads what each reports: the time from the process's start to the
first painted image and the process's CPU time until then. Also the CPU time of the whole
self-test (from the OS, ``RUSAGE_CHILDREN``). Prints the medians and the ratios bundle /
install. The programs are the same code, so the difference is how they are packed: a frozen
archive of byte code and a folder of libraries, against source files and a site-packages.

    python benchmarks/bench_bundle.py dist/ilc-viewer/ilc-viewer .venv/bin/ilc-viewer \\
        [--runs 7] [--study PATH]
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

FIRST_IMAGE = re.compile(r"first image painted: ([\d.]+) s after the program started "
                         r"\(CPU ([\d.]+) s\)")


def one_run(program: str, study: str | None) -> tuple[float, float, float]:
    """(seconds to the first image, CPU seconds until then, CPU seconds of the whole run)."""
    with tempfile.TemporaryDirectory() as data:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", ILC_VIEWER_DATA_DIR=data,
                   LC_ALL="C.UTF-8")
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        result = subprocess.run([program, "--self-test", *([study] if study else [])],
                                capture_output=True, text=True, env=env, timeout=300)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    match = FIRST_IMAGE.search(result.stdout)
    if result.returncode != 0 or match is None:
        sys.exit(f"{program} --self-test failed ({result.returncode}):\n{result.stdout}"
                 f"{result.stderr[-2000:]}")
    whole = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return float(match.group(1)), float(match.group(2)), whole


def folder_mib(path: Path) -> float:
    """MiB of the files under ``path`` (links not followed)."""
    total = sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() or p.is_symlink())
    return total / 2**20


def main() -> None:
    """Measure, then print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", help="the bundle's executable (dist/ilc-viewer/ilc-viewer)")
    parser.add_argument("installed", help="the installed command (.venv/bin/ilc-viewer)")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--study", default=None, help="default: the bundled sample")
    args = parser.parse_args()
    programs = {"bundle": args.bundle, "install": args.installed}
    results: dict[str, list[tuple[float, float, float]]] = {name: [] for name in programs}
    one_run(args.bundle, args.study)  # warm the disk cache for both alike
    one_run(args.installed, args.study)
    for k in range(args.runs):
        order = list(programs) if k % 2 == 0 else list(reversed(programs))
        for name in order:
            results[name].append(one_run(programs[name], args.study))
    print(f"start to first image, {args.runs} runs each, interleaved (median, min-max):")
    medians = {}
    for name, runs in results.items():
        columns = list(zip(*runs, strict=True))
        medians[name] = [statistics.median(c) for c in columns]
        first, cpu, whole = medians[name]
        print(f"  {name:8} wall {first:5.2f} s ({min(columns[0]):.2f}-{max(columns[0]):.2f})"
              f"   CPU to first image {cpu:5.2f} s   CPU of the whole self-test {whole:5.2f} s")
    ratio = [b / i for b, i in zip(medians["bundle"], medians["install"], strict=True)]
    print(f"  ratio bundle / install: wall {ratio[0]:.2f}, CPU to first image {ratio[1]:.2f}, "
          f"whole self-test CPU {ratio[2]:.2f}")
    folder = Path(args.bundle).resolve().parent
    print(f"bundle folder: {folder_mib(folder):.0f} MiB ({folder})")


if __name__ == "__main__":
    main()
