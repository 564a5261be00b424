"""Make the compressed seed files of the fuzzer again (``tests/fuzz/seeds/``).

pydicom ships no JPEG Lossless files (process 14 and its first-order predictor, SV1), and its
JPEG-LS, JPEG 2000 and RLE files are small (64 x 64 or smaller). These seeds fill the gap:
pydicom's MR_small/CT_small and slices of the bundled sample study, encoded with DCMTK's
``dcmcjpeg`` (JPEG Lossless), ``dcmcjpls`` (JPEG-LS), ``dcmcrle`` (RLE) and pydicom's
``compress`` with pylibjpeg-openjpeg (JPEG 2000). Each decodes to exactly its source's pixels
(checked here; the lossy JPEG Extended one is the fuzzer's own reference, as
decoded undamaged). The files are committed (about 370 kB), so the fuzzer and its tests need
neither DCMTK nor an encoder; run ``python -m tests.fuzz.make_seeds`` to make them again.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pydicom.data
from pydicom import dcmread
from pydicom.uid import JPEG2000Lossless

ROOT = Path(__file__).resolve().parents[2]
SEEDS = Path(__file__).resolve().parent / "seeds"
_PYDICOM = Path(pydicom.data.__file__).parent / "test_files"
_SAMPLE = ROOT / "sample_dicoms" / "case_a"

#: seed name -> (source file, DCMTK command and options, or "j2k" for pydicom's encoder)
RECIPES: dict[str, tuple[Path, list[str]]] = {
    "MR_small_jpeg_lossless_sv1.dcm": (_PYDICOM / "MR_small.dcm", ["dcmcjpeg", "+e1"]),
    "CT_small_jpeg_lossless_p14.dcm": (_PYDICOM / "CT_small.dcm", ["dcmcjpeg", "+el"]),
    "sample_t2_jpeg_lossless_sv1.dcm": (_SAMPLE / "02_t2_tse_sag/IM0001.dcm",
                                        ["dcmcjpeg", "+e1"]),
    "sample_stir_jpeg_lossless_sv6.dcm": (_SAMPLE / "03_tirm_sag/IM0001.dcm",
                                          ["dcmcjpeg", "+el", "--selection-value", "6"]),
    "sample_t1_jpeg_extended.dcm": (_SAMPLE / "01_t1_tse_sag/IM0001.dcm", ["dcmcjpeg", "+ee"]),
    "sample_t2_jpeg_ls_lossless.dcm": (_SAMPLE / "02_t2_tse_sag/IM0001.dcm", ["dcmcjpls"]),
    "sample_t1_rle.dcm": (_SAMPLE / "01_t1_tse_sag/IM0001.dcm", ["dcmcrle"]),
    "sample_t2_axial_j2k_lossless.dcm": (_SAMPLE / "04_t2_tse_tra/IM0001.dcm", ["j2k"]),
}


def make(name: str, out: Path) -> None:
    """Write seed ``name`` to ``out`` and check it decodes to its source's pixels."""
    source, command = RECIPES[name]
    if command == ["j2k"]:
        ds = dcmread(source)
        ds.compress(JPEG2000Lossless, encoding_plugin="pylibjpeg")
        ds.save_as(out, enforce_file_format=True)
    else:
        subprocess.run([*command, str(source), str(out)], check=True)
    lossy = "extended" in name
    if not lossy and not np.array_equal(dcmread(out).pixel_array, dcmread(source).pixel_array):
        raise SystemExit(f"{name}: does not decode to its source's pixels")


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        for name in RECIPES:
            make(name, Path(tmp) / name)
            (SEEDS / name).write_bytes((Path(tmp) / name).read_bytes())
            print(SEEDS / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
