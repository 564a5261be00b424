"""Check the inside of one compressed frame: does its data add up to exactly the picture?

The structure checks of :mod:`ilc_viewer.dicom.fragments` find cut data; bytes inserted into
or removed from the middle of a stream are found here, before a decoder turns them into a
full-size picture of noise (issue 18). Each syntax has its own bookkeeping:

* **JPEG** (all processes) and **JPEG-LS**: a walk over the markers (T.81 B.1, T.87 C):
  each segment's length must land on the next marker, the scan must end at a marker, and the
  end-of-image marker must close the stream.
* **JPEG Lossless** (process 14, SOF3, grey-scale): the entropy-coded data is walked code by
  code (T.81 H.1.2: a Huffman code and its extra bits per sample); rows x columns samples must
  use up the data exactly, to the last byte's padding bits, in every restart interval.
  Neither pylibjpeg's nor GDCM's decoder says when data is left over or runs out.
* **JPEG 2000**: the main header's markers, then every tile-part's length (Psot, T.800
  A.4.2) must land on the next tile-part or on the end-of-codestream marker.
* **RLE** (PS3.5 G.3): each segment's runs must decode to exactly rows x columns bytes and
  end at the segment's end (one pad byte allowed).

JPEG-LS's entropy data is checked by its decoder (CharLS, via pyjpegls), which refuses
streams that do not decode to exactly the picture. Each check raises
:class:`~ilc_viewer.dicom.fragments.FrameDamaged`.
"""

from __future__ import annotations

import numpy as np

from ilc_viewer.dicom.damage import Damage
from ilc_viewer.dicom.dct_walk import (
    CodeTable,
    ComponentCodes,
    WalkFailed,
    code_table,
    dc_limit,
    walk_mcus,
)
from ilc_viewer.dicom.lossless import LosslessScan, huffman_codes

#: Markers without a length: start and end of image, restarts, TEM.
_STANDALONE = {0xD8, 0xD9, 0x01, *range(0xD0, 0xD8)}
_SOS, _DHT, _DQT, _DRI, _SOF0, _SOF1, _SOF3 = 0xDA, 0xC4, 0xDB, 0xDD, 0xC0, 0xC1, 0xC3


class StreamDamaged(Exception):
    """A stream check failed; ``damage`` says why (converted to FrameDamaged by the caller)."""

    def __init__(self, detail: str) -> None:
        self.damage = Damage("compressed_damaged", detail)
        super().__init__(detail)


# ----- JPEG and JPEG-LS ---------------------------------------------------------------------
def check_jpeg(data: bytes, *, ls: bool, exact_bits: bool = True, walk_colour: bool = True
               ) -> LosslessScan | None:
    """Walk a JPEG or JPEG-LS stream's markers; check a baseline or extended scan's blocks and
    a grey-scale lossless scan's codes.

    Returns the lossless scan to prove against the decoded picture
    (:func:`ilc_viewer.dicom.lossless.verify`) when it can be: one grey-scale scan without
    restart intervals, decoded to the stream's own bits (``exact_bits``: not sign-extended
    from fewer bits). Other lossless scans are walked here for their length. The block walk
    is Python: a 640 x 480 colour frame takes 0.1 s (an ultrasound picture) to 0.6 s (noise)
    where libjpeg decodes it in 3-4 ms,
    so ``walk_colour=False`` (the frames of a colour clip) leaves colour blocks unwalked.
    """
    segments, scans = _walk_markers(data, ls)
    if ls:
        return None
    frame = next(((marker, body) for marker, body in segments
                  if marker in (_SOF0, _SOF1, _SOF3)), None)
    if frame is None:
        return None  # progressive, hierarchical or arithmetic coding: not walked
    if frame[0] != _SOF3:
        if walk_colour or (len(frame[1]) > 5 and frame[1][5] == 1):
            _check_dct(frame[1], segments, scans, data)
        return None
    return _check_lossless(frame[1], segments, scans, data, exact_bits)


def _huffman_tables(segments: list[tuple[int, bytes]]) -> dict[tuple[int, int], tuple[bytes,
                                                                                     bytes]]:
    """(class, id) -> (BITS, HUFFVAL) of every table defined (the last definition counts)."""
    out = {}
    for marker, body in segments:
        pos = 0
        while marker == _DHT and pos + 17 <= len(body):
            counts = body[pos + 1 : pos + 17]
            out[body[pos] >> 4, body[pos] & 0x0F] = (counts,
                                                     body[pos + 17 : pos + 17 + sum(counts)])
            pos += 17 + sum(counts)
    return out


def _first_quantiser(segments: list[tuple[int, bytes]], table: int) -> int:
    """The DC entry of quantisation table ``table`` (0 when it is not defined)."""
    found = 0
    for marker, body in segments:
        pos = 0
        while marker == _DQT and pos + 65 <= len(body):
            wide = body[pos] >> 4
            if body[pos] & 0x0F == table:
                found = body[pos + 1] << 8 | body[pos + 2] if wide else body[pos + 1]
            pos += 1 + 64 * (2 if wide else 1)
    return found


def _restart_interval(segments: list[tuple[int, bytes]]) -> int:
    restart = 0
    for marker, body in segments:
        if marker == _DRI and len(body) >= 2:
            restart = body[0] << 8 | body[1]
    return restart


def _intervals(data: bytes, start: int, end: int, restart: int, total: int
               ) -> list[tuple[bytes, int]]:
    """(entropy data with stuffing removed, units it holds) per restart interval."""
    chunks = _split_restarts(data[start:end]) if restart else [data[start:end]]
    counts = [restart] * (total // restart) + ([total % restart] if total % restart else []) \
        if restart else [total]
    if len(chunks) != len(counts):
        raise StreamDamaged(f"{len(chunks)} restart intervals, the picture needs "
                            f"{len(counts)}")
    return [(chunk.replace(b"\xff\x00", b"\xff"), count)
            for chunk, count in zip(chunks, counts, strict=True)]


def _check_dct(sof: bytes, segments: list[tuple[int, bytes]],
               scans: list[tuple[bytes, int, int]], data: bytes) -> None:
    """Baseline/extended JPEG, grey-scale or colour: each scan's blocks use up its data."""
    count = sof[5] if len(sof) >= 6 else 0
    if count == 0 or len(sof) < 6 + 3 * count:
        return
    rows, columns = sof[1] << 8 | sof[2], sof[3] << 8 | sof[4]
    if rows == 0:
        return  # the height comes later (DNL): not walked
    frame = {sof[6 + 3 * i]: (sof[7 + 3 * i] >> 4, sof[7 + 3 * i] & 15, sof[8 + 3 * i])
             for i in range(count)}
    h_max = max(h for h, _, _ in frame.values())
    v_max = max(v for _, v, _ in frame.values())
    if min(min(h, v) for h, v, _ in frame.values()) == 0:
        raise StreamDamaged("a component with a sampling factor of 0")
    tables = _huffman_tables(segments)
    built: dict[tuple[int, int], CodeTable] = {}
    restart = _restart_interval(segments)
    for header, start, end in scans:
        members = header[0] if header else 0
        if members == 0 or len(header) < 4 + 2 * members:
            raise StreamDamaged("a damaged scan header")
        if header[1 + 2 * members : 3 + 2 * members] != b"\x00\x3f":
            return  # not a sequential scan of all 64 coefficients: not walked
        components, plan = [], []
        for i in range(members):
            spec = frame.get(header[1 + 2 * i])
            selector = header[2 + 2 * i]
            dc, ac = tables.get((0, selector >> 4)), tables.get((1, selector & 15))
            if spec is None or dc is None or ac is None:
                raise StreamDamaged("a scan names a component or Huffman table not defined")
            h, v, table = spec
            quantiser = _first_quantiser(segments, table)
            try:  # chroma components share their tables: each table is built once
                dc_codes = built.get((0, selector >> 4)) or code_table(*dc)
                ac_codes = built.get((1, selector & 15)) or code_table(*ac)
            except WalkFailed as exc:
                raise StreamDamaged(str(exc)) from None
            built[0, selector >> 4], built[1, selector & 15] = dc_codes, ac_codes
            components.append(ComponentCodes(dc_codes, ac_codes,
                                             dc_limit(sof[0], quantiser) if quantiser else 0))
            plan += [i] * (h * v if members > 1 else 1)
        if members > 1:  # interleaved: units of H x V blocks of each component
            units = _ceil(columns, 8 * h_max) * _ceil(rows, 8 * v_max)
        else:  # one component alone: its own blocks, at its own sampling
            h, v, _ = frame[header[1]]
            width, height = _ceil(columns * h, h_max), _ceil(rows * v, v_max)
            units = _ceil(width, 8) * _ceil(height, 8)
        try:
            for k, (chunk, units_here) in enumerate(_intervals(data, start, end, restart,
                                                               units)):
                walk_mcus(chunk, units_here, components, plan, k)
        except WalkFailed as exc:
            raise StreamDamaged(str(exc)) from None


def _ceil(numerator: int, denominator: int) -> int:
    return -(-numerator // denominator)


def _walk_markers(data: bytes, ls: bool
                  ) -> tuple[list[tuple[int, bytes]], list[tuple[bytes, int, int]]]:
    """([(marker, segment body)], [(scan header, data start, data end)]) up to EOI."""
    n = len(data)
    if data[:2] != b"\xff\xd8":
        raise StreamDamaged("no start-of-image marker (FFD8)")
    pos = 2
    segments: list[tuple[int, bytes]] = []
    scans: list[tuple[bytes, int, int]] = []
    while True:
        if pos + 2 > n or data[pos] != 0xFF:
            raise StreamDamaged(f"no marker where one must be (byte {pos:,})")
        while pos + 2 < n and data[pos + 1] == 0xFF:  # fill bytes before a marker
            pos += 1
        marker = data[pos + 1]
        pos += 2
        if marker == 0xD9:
            break
        if marker in _STANDALONE or marker < 0xC0:
            raise StreamDamaged(f"unexpected marker FF{marker:02X} at byte {pos - 2:,}")
        if pos + 2 > n:
            raise StreamDamaged("the stream ends inside a marker")
        length = data[pos] << 8 | data[pos + 1]
        if length < 2 or pos + length > n:
            raise StreamDamaged(f"marker FF{marker:02X} at byte {pos - 2:,} declares "
                                f"{length:,} bytes, past the stream's end")
        body = data[pos + 2 : pos + length]
        segments.append((marker, body))
        pos += length
        if marker == _SOS:
            end = _scan_end(data, pos, ls)
            scans.append((body, pos, end))
            pos = end
    if n - pos > 1:
        raise StreamDamaged(f"{n - pos:,} bytes after the end-of-image marker")
    return segments, scans


def _scan_end(data: bytes, pos: int, ls: bool) -> int:
    """Where the scan's entropy-coded data ends: the next marker that is not a restart."""
    n = len(data)
    while True:
        at = data.find(b"\xff", pos)
        if at < 0 or at + 1 >= n:
            raise StreamDamaged("the scan data runs to the end with no marker after it")
        follow = data[at + 1]
        if ls:  # JPEG-LS: a byte after FF below 0x80 is data (bit stuffing, T.87 A.1)
            if follow >= 0x80 and not 0xD0 <= follow <= 0xD7:
                return at
        elif follow not in (0x00, *range(0xD0, 0xD8)):
            return at
        pos = at + 1


def _check_lossless(sof: bytes, segments: list[tuple[int, bytes]],
                    scans: list[tuple[bytes, int, int]], data: bytes, exact_bits: bool
                    ) -> LosslessScan | None:
    """Grey-scale JPEG Lossless: rows x columns samples use up the entropy data exactly."""
    if len(sof) < 9 or len(scans) != 1:
        return None  # several scans (colour): its markers walked, its codes not (rare in DICOM)
    rows, columns, components = sof[1] << 8 | sof[2], sof[3] << 8 | sof[4], sof[5]
    header, start, end = scans[0]
    if components != 1 or rows == 0 or len(header) < 6 or header[0] != 1:
        return None
    if sof[7] != 0x11:  # sampling factors other than 1x1 on a single component
        return None
    table_id = header[2] >> 4
    table = _huffman_tables(segments).get((0, table_id))
    if table is None:
        raise StreamDamaged(f"no Huffman table {table_id} for the lossless scan")
    restart = _restart_interval(segments)
    predictor, point_transform = header[3], header[5] & 0x0F
    if not restart and exact_bits and 1 <= predictor <= 7 and point_transform < sof[0]:
        codes, lengths = huffman_codes(*table)
        return LosslessScan(sof[0], rows, columns, predictor, point_transform, codes, lengths,
                            data[start:end].replace(b"\xff\x00", b"\xff"))
    steps = _steps(*table)
    for k, (chunk, count) in enumerate(_intervals(data, start, end, restart, rows * columns)):
        _walk_codes(chunk, count, steps, k)
    return None


def _split_restarts(scan: bytes) -> list[bytes]:
    parts, pos = [], 0
    while True:
        at = scan.find(b"\xff", pos)
        while at >= 0 and not (at + 1 < len(scan) and 0xD0 <= scan[at + 1] <= 0xD7):
            at = scan.find(b"\xff", at + 1)
        if at < 0:
            parts.append(scan[pos:])
            return parts
        parts.append(scan[pos:at])
        pos = at + 2


def _steps(counts: bytes, values: bytes) -> np.ndarray:
    """Bits taken per lossless sample by each 16-bit window: the code's length plus its
    extra bits (SSSS, none for 16), or 0 where no code starts (an invalid stream)."""
    steps = np.zeros(1 << 16, dtype=np.int32)
    code, k = 0, 0
    for length in range(1, 17):
        for _ in range(counts[length - 1]):
            if k >= len(values) or code >= 1 << length:
                raise StreamDamaged("damaged Huffman table")
            ssss = values[k]
            if ssss <= 16:
                shift = 16 - length
                steps[code << shift : (code + 1) << shift] = length + (ssss % 16)
            code += 1
            k += 1
        code <<= 1
    return steps


def _walk_codes(chunk: bytes, count: int, steps: np.ndarray, interval: int) -> None:
    """Walk ``count`` samples' codes through ``chunk``; they must end in its last byte."""
    if count == 0:
        return
    size = len(chunk)
    padded = np.frombuffer(chunk + b"\xff\xff\xff", dtype=np.uint8).astype(np.uint32)
    words = padded[:-3] << 16 | padded[1:-2] << 8 | padded[2:-1]  # 24 bits from each byte
    shifts = np.arange(8, 0, -1, dtype=np.uint32)
    windows = (words[:, None] >> shifts) & 0xFFFF  # the 16 bits from every bit position
    taken = steps[windows].ravel().tolist()
    bits = 8 * size
    p = 0
    try:
        for _ in range(count):
            step = taken[p]
            if not step:
                raise StreamDamaged(f"invalid code in the lossless data (interval {interval})")
            p += step
    except IndexError:
        p = bits + 8
    if p > bits:
        raise StreamDamaged(f"the lossless data ends before its {count:,} samples "
                            f"(interval {interval})")
    if bits - p >= 8:
        raise StreamDamaged(f"{(bits - p) // 8:,} bytes of lossless data are left after its "
                            f"{count:,} samples (interval {interval})")


# ----- JPEG 2000 -----------------------------------------------------------------------------
def check_j2k(data: bytes) -> None:
    """Walk a raw codestream's main header and tile-parts (a JP2 wrapper is not walked)."""
    if data[:4] != b"\xff\x4f\xff\x51":
        return
    n = len(data)
    pos = 2
    while True:  # the main header: marker segments up to the first tile-part
        if pos + 4 > n or data[pos] != 0xFF:
            raise StreamDamaged(f"no marker where one must be (byte {pos:,})")
        if data[pos + 1] == 0x90:
            break
        length = data[pos + 2] << 8 | data[pos + 3]
        if length < 2 or data[pos + 1] < 0x30:
            raise StreamDamaged(f"damaged marker FF{data[pos + 1]:02X} at byte {pos:,}")
        pos += 2 + length
    while True:  # tile-parts, each as long as its SOT says
        marker = data[pos : pos + 2]
        if marker == b"\xff\xd9":
            break
        if marker != b"\xff\x90" or pos + 12 > n:
            raise StreamDamaged(f"tile-part lengths do not add up (byte {pos:,})")
        psot = int.from_bytes(data[pos + 6 : pos + 10], "big")
        if psot == 0:  # the last tile-part runs to the end of the codestream
            return
        if psot < 14:
            raise StreamDamaged(f"tile-part of {psot} bytes at byte {pos:,}")
        pos += psot
    if n - pos - 2 > 1:
        raise StreamDamaged(f"{n - pos - 2:,} bytes after the end-of-codestream marker")


# ----- RLE -----------------------------------------------------------------------------------
def check_rle_segments(data: bytes, offsets: list[int], expected: int) -> None:
    """Every segment decodes to exactly ``expected`` bytes and ends at its end (PS3.5 G.3.1)."""
    ends = [*offsets[1:], len(data)]
    for k, (start, end) in enumerate(zip(offsets, ends, strict=True)):
        made, used = _walk_runs(data, start, end, expected)
        if made < expected:
            raise StreamDamaged(f"RLE segment {k + 1} decodes to {made:,} bytes, the image "
                                f"needs {expected:,}")
        # A last run past the picture's end is tolerated (some encoders pad so, pydicom
        # warns), but only where the runs end with the segment.
        if end - used > 1 or used > end:
            raise StreamDamaged(f"RLE segment {k + 1} does not end where the next begins "
                                f"({made:,} bytes decoded, {end - used:,} left)")


def _walk_runs(data: bytes, pos: int, end: int, expected: int) -> tuple[int, int]:
    """(bytes decoded, where the walk stopped) for the runs in data[pos:end]."""
    made = 0
    while made < expected and pos < end:
        header = data[pos]
        if header < 128:
            made += header + 1
            pos += header + 2
        elif header > 128:
            made += 257 - header
            pos += 2
        else:
            pos += 1
    return made, pos
