"""Seeded mutations of DICOM files, by family, for the fuzzer (:mod:`tests.fuzz.run`).

Every mutation takes the bytes of an undamaged seed file and a ``random.Random`` and returns
damaged bytes, or ``None`` when the family does not apply to that seed (e.g. a fragment
mutation on uncompressed data). Families and whether a silent wrong image counts against
us (``DETECTABLE``): damage that changes the structure (lengths, counts, cut or shifted
data, a wrong transfer syntax) must be detected; a flipped bit inside pixel values or in a
header value that stays plausible changes the picture in a way no reader can know about,
so those images are reported apart, not as failures.
"""

from __future__ import annotations

import random
import struct
from collections.abc import Callable

_PIXEL_TAG = struct.pack("<HH", 0x7FE0, 0x0010)
_ITEM = struct.pack("<HH", 0xFFFE, 0xE000)
_LONG_VRS = {b"OB", b"OW", b"OF", b"OD", b"OL", b"OV", b"SQ", b"UC", b"UN", b"UR", b"UT"}
_SYNTAXES = [
    b"1.2.840.10008.1.2\x00",
    b"1.2.840.10008.1.2.1\x00",
    b"1.2.840.10008.1.2.2\x00",
    b"1.2.840.10008.1.2.4.50",
    b"1.2.840.10008.1.2.4.70",
    b"1.2.840.10008.1.2.4.80",
    b"1.2.840.10008.1.2.4.90",
    b"1.2.840.10008.1.2.5\x00",
]
HUGE = (-1, 0, 100_000, 2_147_483_647, 65535)

Mutation = Callable[[bytes, random.Random], bytes | None]


def pixel_value_at(data: bytes) -> tuple[int, int] | None:
    """(offset of the pixel data's value, declared length) in a little endian file."""
    at = data.rfind(_PIXEL_TAG)
    if at < 0 or at + 12 > len(data):
        return None
    vr = data[at + 4 : at + 6]
    if vr in _LONG_VRS:
        return at + 12, struct.unpack_from("<I", data, at + 8)[0]
    return at + 8, struct.unpack_from("<I", data, at + 4)[0]


def _header_end(data: bytes) -> int:
    found = pixel_value_at(data)
    return found[0] - 12 if found else min(len(data), 2048)


def bitflip_header(data: bytes, rng: random.Random) -> bytes | None:
    out = bytearray(data)
    end = _header_end(data)
    if end <= 132:
        return None
    for _ in range(rng.randint(1, 4)):
        k = rng.randrange(132, end)
        out[k] ^= 1 << rng.randrange(8)
    return bytes(out)


def bitflip_pixels(data: bytes, rng: random.Random) -> bytes | None:
    found = pixel_value_at(data)
    if found is None or found[0] >= len(data) - 1:
        return None
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        k = rng.randrange(found[0], len(data))
        out[k] ^= 1 << rng.randrange(8)
    return bytes(out)


def truncate(data: bytes, rng: random.Random) -> bytes | None:
    return data[: rng.randrange(1, len(data))]


def insert_pixels(data: bytes, rng: random.Random) -> bytes | None:
    found = pixel_value_at(data)
    if found is None or found[0] >= len(data) - 16:
        return None
    k = rng.randrange(found[0] + 8, len(data))
    return data[:k] + rng.randbytes(rng.choice((1, 2, 3, 16, 512))) + data[k:]


def remove_pixels(data: bytes, rng: random.Random) -> bytes | None:
    found = pixel_value_at(data)
    if found is None or found[0] >= len(data) - 16:
        return None
    k = rng.randrange(found[0] + 8, len(data) - 4)
    n = min(len(data) - k, rng.choice((1, 2, 3, 16, 512)))
    return data[:k] + data[k + n :]


def corrupt_length(data: bytes, rng: random.Random) -> bytes | None:
    """Overwrite the length of a random element (explicit VR little endian layout)."""
    end = _header_end(data)
    positions = [k for k in range(132, end - 8, 2) if data[k + 4 : k + 6].isalpha()]
    found = pixel_value_at(data)
    if found is not None:
        positions.append(found[0] - 12)
    if not positions:
        return None
    k = rng.choice(positions)
    out = bytearray(data)
    value = rng.choice((0, 1, 0xFFFF, 0xFFFFFFFF, 0x7FFFFFFF, rng.randrange(1 << 16)))
    if data[k + 4 : k + 6] in _LONG_VRS:
        struct.pack_into("<I", out, k + 8, value & 0xFFFFFFFF)
    else:
        struct.pack_into("<H", out, k + 6, value & 0xFFFF)
    return bytes(out)


def huge_count(data: bytes, rng: random.Random) -> bytes | None:
    """Number of Frames, Rows or Columns set to -1, 0, 100000, 2147483647 or 65535."""
    value = rng.choice(HUGE)
    frames = data.find(struct.pack("<HH", 0x0028, 0x0008) + b"IS")
    if frames >= 0:
        old = struct.unpack_from("<H", data, frames + 6)[0]
        text = str(value).encode().ljust(12 if len(str(value)) % 2 else 11, b" ")
        text += b" " * (len(text) % 2)
        head = struct.pack("<HH2sH", 0x0028, 0x0008, b"IS", len(text))
        return data[:frames] + head + text + data[frames + 8 + old :]
    which = rng.choice((0x0010, 0x0011, 0x0008))
    if which == 0x0008:  # add a Number of Frames before Rows
        rows = data.find(struct.pack("<HH", 0x0028, 0x0010) + b"US")
        if rows < 0:
            return None
        text = str(value).encode()
        text += b" " * (len(text) % 2)
        element = struct.pack("<HH2sH", 0x0028, 0x0008, b"IS", len(text)) + text
        return data[:rows] + element + data[rows:]
    at = data.find(struct.pack("<HH", 0x0028, which) + b"US")
    if at < 0:
        return None
    out = bytearray(data)
    struct.pack_into("<H", out, at + 8, value & 0xFFFF)
    return bytes(out)


def wrong_vr(data: bytes, rng: random.Random) -> bytes | None:
    end = _header_end(data)
    positions = [k for k in range(132, end - 8, 2) if data[k + 4 : k + 6].isalpha()
                 and data[k + 4 : k + 6] not in _LONG_VRS]
    if not positions:
        return None
    k = rng.choice(positions)
    out = bytearray(data)
    out[k + 4 : k + 6] = rng.choice((b"US", b"DS", b"XX", b"SQ", b"UN", b"ob", b"FD"))
    return bytes(out)


def fragment_damage(data: bytes, rng: random.Random) -> bytes | None:
    """Cut, pad, shorten or lengthen a compressed fragment (encapsulated data only)."""
    found = pixel_value_at(data)
    if found is None or found[1] != 0xFFFFFFFF:
        return None
    items = []
    k = data.find(_ITEM, found[0])
    while 0 <= k < len(data) - 8:
        length = struct.unpack_from("<I", data, k + 4)[0]
        items.append((k, length))
        k = k + 8 + length
        if data[k : k + 4] != _ITEM:
            break
    if len(items) < 2:
        return None
    at, length = rng.choice(items[1:])
    start, end = at + 8, at + 8 + length
    how = rng.choice(("cut inside", "remove bytes", "insert bytes", "length", "truncate"))
    if how == "truncate":
        return data[: rng.randrange(start, end)]
    if how == "length":
        out = bytearray(data)
        struct.pack_into("<I", out, at + 4, max(0, length + rng.choice((-64, -2, 2, 64, 10**6))))
        return bytes(out)
    k = rng.randrange(start, end - 2)
    n = rng.choice((1, 2, 16, 200))
    if how == "insert bytes":
        body = data[start:k] + rng.randbytes(n) + data[k:end]
    elif how == "remove bytes":
        body = data[start:k] + data[min(end, k + n) : end]
    else:  # cut inside: the fragment keeps only its start, its length is fixed to match
        body = data[start:k]
    body += b"\x00" * (len(body) % 2)
    return data[:at] + _ITEM + struct.pack("<I", len(body)) + body + data[end:]


def swap_syntax(data: bytes, rng: random.Random) -> bytes | None:
    at = data.find(struct.pack("<HH", 0x0002, 0x0010))
    if at < 0:
        return None
    length = struct.unpack_from("<H", data, at + 6)[0]
    new = rng.choice(_SYNTAXES)
    head = struct.pack("<HH2sH", 0x0002, 0x0010, b"UI", len(new))
    out = data[:at] + head + new + data[at + 8 + length :]
    # Keep the file meta group length right, or readers stop at the wrong place.
    group = out.find(struct.pack("<HH", 0x0002, 0x0000) + b"UL")
    if group >= 0:
        old_length = struct.unpack_from("<I", out, group + 8)[0]
        fixed = bytearray(out)
        struct.pack_into("<I", fixed, group + 8, old_length + len(new) - length)
        out = bytes(fixed)
    return out


FAMILIES: dict[str, Mutation] = {
    "bitflip_header": bitflip_header,
    "bitflip_pixels": bitflip_pixels,
    "truncate": truncate,
    "insert_pixels": insert_pixels,
    "remove_pixels": remove_pixels,
    "corrupt_length": corrupt_length,
    "huge_count": huge_count,
    "wrong_vr": wrong_vr,
    "fragment_damage": fragment_damage,
    "swap_syntax": swap_syntax,
}
#: Families whose damage changes the structure: a silent wrong image there is a failure.
DETECTABLE = frozenset(FAMILIES) - {"bitflip_header", "bitflip_pixels"}
