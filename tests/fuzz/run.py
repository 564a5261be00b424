"""A seeded fuzzer: damaged copies of real-like DICOM files through ``ilc-viewer info --decode``.

Seeds are the bundled samples (``sample_dicoms/``), pydicom's own test files (grey-scale
and colour images of every transfer syntax it ships) and ``tests/vendor_headers.py``'s vendor-like
files. Each case takes one seed, applies one family of :mod:`tests.fuzz.mutate` (bit flips
in header and pixels, truncation, corrupted lengths, huge and negative counts, wrong VRs,
damaged compressed fragments, a swapped transfer syntax, bytes inserted or removed), and
runs the program on it in a worker process (:mod:`tests.fuzz.worker`) with a time limit
per case and a memory limit. Reported classes:

* **crash**: the worker died (signal, abort, out of memory); **hang**: over the time limit;
* **traceback**: an exception escaped, or a traceback or a decoder panic reached stderr;
* **silent export**: ``--export`` wrote a picture with a slice that cannot be shown and
  exited 0 (it must exit 1, issue 18);
* **silent wrong image**: an image shown as normal whose pixels differ from the undamaged
  seed's (shape, or more than 1% of pixels), for families whose damage is detectable;
* **changed, undetectable**: the same for bit flips in pixel values or plausible header
  values, which no reader can tell from the real thing (reported, not a failure).

Usage: ``python -m tests.fuzz.run --cases 10000 [--seed 1] [--keep DIR] [--export]``
(about 25 cases a second on one core). The test suite runs a few hundred cases.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import select
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tests.fuzz.mutate import DETECTABLE, FAMILIES

ROOT = Path(__file__).resolve().parents[2]
FAILURES = ("crash", "hang", "traceback", "silent wrong image", "silent export", "bad exit")


@dataclass
class Summary:
    """What a fuzz run found."""

    cases: int = 0
    classes: Counter = field(default_factory=Counter)
    by_family: dict[str, Counter] = field(default_factory=dict)
    examples: dict[str, list[str]] = field(default_factory=dict)
    max_rss_kb: int = 0
    seconds: float = 0.0

    def failures(self) -> int:
        return sum(self.classes[c] for c in FAILURES)

    def add(self, family: str, kind: str, note: str) -> None:
        self.classes[kind] += 1
        self.by_family.setdefault(family, Counter())[kind] += 1
        if kind != "ok" and len(self.examples.setdefault(kind, [])) < 5:
            self.examples[kind].append(note)

    def text(self) -> str:
        lines = [f"{self.cases} cases in {self.seconds:.0f} s; worker peak memory "
                 f"{self.max_rss_kb / 1024:.0f} MiB"]
        lines += [f"  {kind}: {n}" for kind, n in sorted(self.classes.items())]
        for family, counts in sorted(self.by_family.items()):
            lines.append(f"  {family}: " + ", ".join(f"{k} {n}" for k, n in sorted(counts.items())))
        for kind, notes in self.examples.items():
            lines += [f"  e.g. {kind}: {note}" for note in notes]
        return "\n".join(lines)


def seed_files(limit: int | None = None) -> list[Path]:
    """Undamaged grey-scale and colour images that the viewer reads and decodes exactly as
    pydicom (colour as RGB)."""
    import pydicom.data
    from pydicom import dcmread

    candidates = sorted(ROOT.glob("sample_dicoms/case_a/*/IM0001.dcm"))
    candidates += sorted(ROOT.glob("sample_dicoms/case_b/*/IM0002.dcm"))
    # JPEG Lossless (which pydicom lacks) and realistic-size compressed files (make_seeds.py).
    candidates += sorted((ROOT / "tests" / "fuzz" / "seeds").glob("*.dcm"))
    # The files installed with pydicom only (asking pydicom.data for more downloads them).
    for path in sorted((Path(pydicom.data.__file__).parent / "test_files").rglob("*.dcm")):
        if path.is_file() and path.stat().st_size < 600_000:
            candidates.append(path)
    seeds = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for path in candidates:
            try:
                ds = dcmread(path)
                if int(ds.get("SamplesPerPixel", 1)) not in (1, 3) or "PixelData" not in ds:
                    continue
                if ds.file_meta.TransferSyntaxUID.is_compressed and not ds.file_meta.\
                        TransferSyntaxUID.is_encapsulated:
                    continue
                ds.pixel_array  # noqa: B018 - only seeds pydicom decodes
            except Exception:
                continue
            seeds.append(path)
            if limit is not None and len(seeds) >= limit:
                break
    return seeds


class Worker:
    """One worker process; restarted after a crash or a hang."""

    def __init__(self, stderr_path: Path) -> None:
        self.stderr_path = stderr_path
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
        self.stderr = open(self.stderr_path, "ab")  # noqa: SIM115 - kept for the process
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.fuzz.worker"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.stderr, cwd=ROOT,
            env=env,
        )

    def ask(self, request: dict, timeout: float) -> tuple[str, dict | None]:
        """("ok", reply), ("hang", None) or ("crash", None)."""
        if self.proc is None or self.proc.poll() is not None:
            self.start()
        assert self.proc is not None and self.proc.stdin and self.proc.stdout
        try:
            self.proc.stdin.write((json.dumps(request) + "\n").encode())
            self.proc.stdin.flush()
        except BrokenPipeError:
            return self._died()
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        if not ready:
            self.stop()
            return "hang", None
        line = self.proc.stdout.readline()
        if not line:
            return self._died()
        return "ok", json.loads(line)

    def _died(self) -> tuple[str, None]:
        code = self.proc.wait() if self.proc else None
        self.proc = None
        return f"crash (exit {code})", None

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            self.proc = None


def run(cases: int, seed: int = 1, timeout: float = 30.0, keep: Path | None = None,
        export: bool = False, seeds: list[Path] | None = None) -> Summary:
    """Run ``cases`` fuzz cases; return the summary (failing cases copied to ``keep``)."""
    seeds = seeds or seed_files()
    originals = {path: path.read_bytes() for path in seeds}
    families = sorted(FAMILIES)
    summary = Summary()
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="ilc-fuzz-") as tmp:
        worker = Worker(Path(tmp) / "worker-stderr.txt")
        try:
            for i in range(cases):
                rng = random.Random(seed * 1_000_003 + i)
                family = families[i % len(families)]
                damaged = None
                for _ in range(20):  # a seed the family applies to
                    path = rng.choice(seeds)
                    damaged = FAMILIES[family](originals[path], rng)
                    if damaged is not None:
                        break
                if damaged is None:
                    continue
                case = Path(tmp) / f"case{i:06d}"
                case.mkdir()
                (case / path.name).write_bytes(damaged)
                request = {"case": str(case), "seed": str(path), "export": export}
                before = worker.stderr_path.stat().st_size if worker.stderr_path.exists() else 0
                status, reply = worker.ask(request, timeout)
                kind, note = _classify(status, reply, family, worker.stderr_path, before)
                summary.cases += 1
                summary.add(family, kind, f"case {i} ({family} of {path.name}): {note}")
                if reply:
                    summary.max_rss_kb = max(summary.max_rss_kb, reply.get("max_rss_kb", 0))
                if kind in FAILURES and keep is not None:
                    keep.mkdir(parents=True, exist_ok=True)
                    shutil.copy(case / path.name, keep / f"{i:06d}-{family}-{path.name}")
                shutil.rmtree(case, ignore_errors=True)
        finally:
            worker.stop()
    summary.seconds = time.perf_counter() - start
    return summary


def _classify(status: str, reply: dict | None, family: str, stderr_path: Path,
              before: int) -> tuple[str, str]:
    if status == "hang":
        return "hang", "over the time limit"
    if reply is None:
        return "crash", status
    with open(stderr_path, "rb") as fh:
        fh.seek(before)
        raw_stderr = fh.read().decode("utf-8", "replace")
    if reply.get("traceback") or "panicked at" in raw_stderr:
        text = reply.get("traceback") or raw_stderr
        return "traceback", text.strip().splitlines()[-1][:300]
    if reply.get("exit") not in (0, 2) or reply.get("export_exit") not in (None, 0, 1, 2):
        return "bad exit", f"exit {reply.get('exit')}, export {reply.get('export_exit')}"
    damaged, exported = reply.get("export_damaged"), reply.get("export_exit")
    if damaged and exported == 0:
        return "silent export", "a shown slice cannot be decoded, yet the export exited 0"
    if damaged is False and exported == 1:
        return "bad exit", "every shown slice decodes, yet the export exited 1"
    if reply.get("silent_wrong"):
        kind = "silent wrong image" if family in DETECTABLE else "changed, undetectable"
        return kind, "; ".join(reply["silent_wrong"])[:300]
    return "ok", ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per case")
    parser.add_argument("--keep", type=Path, help="copy failing cases into this folder")
    parser.add_argument("--export", action="store_true",
                        help="also run 'ilc-viewer export' on every case (about 4x slower): it "
                             "must exit 1 when a slice it shows cannot be shown")
    args = parser.parse_args(argv)
    summary = run(args.cases, args.seed, args.timeout, args.keep, args.export)
    print(summary.text())
    return 1 if summary.failures() else 0


if __name__ == "__main__":
    sys.exit(main())
