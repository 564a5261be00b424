"""Walk a sequential JPEG scan's Huffman codes: do its blocks use up its data?

Baseline and extended JPEG (T.81 F.2.2: SOF0/SOF1, Huffman coded) store each 8 x 8 block as
a DC code with its extra bits, then AC codes (run and size, their extra bits) up to the
end-of-block code or the 63rd coefficient. Bytes inserted into or removed from the entropy
data leave a decoder (libjpeg) painting noise without a word. :func:`walk_mcus` decodes only
the codes, not the coefficients, and checks that the picture's blocks end exactly in the
last byte of each restart interval. A colour scan interleaves its components: each minimum
coded unit holds H x V blocks of each component in turn (T.81 A.2.3), with its own tables
and its own DC prediction; a grey-scale scan is the case of one component and one block.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

#: (code length, symbol) for every 16-bit window, as :func:`code_table` makes it.
CodeTable = tuple[np.ndarray, np.ndarray]


@dataclass(frozen=True)
class ComponentCodes:
    """The Huffman tables of one component of a scan and its DC bound (0: none)."""

    dc: CodeTable
    ac: CodeTable
    limit: int = 0


class WalkFailed(Exception):
    """The scan's codes do not add up to its blocks; the technical reason."""


def code_table(counts: bytes, values: bytes) -> tuple[np.ndarray, np.ndarray]:
    """(code length, symbol) for every 16-bit window; length 0 where no code starts."""
    lengths = np.zeros(1 << 16, dtype=np.int32)
    symbols = np.zeros(1 << 16, dtype=np.int32)
    code, k = 0, 0
    for length in range(1, 17):
        for _ in range(counts[length - 1]):
            if k >= len(values) or code >= 1 << length:
                raise WalkFailed("damaged Huffman table")
            shift = 16 - length
            lengths[code << shift : (code + 1) << shift] = length
            symbols[code << shift : (code + 1) << shift] = values[k]
            code += 1
            k += 1
        code <<= 1
    return lengths, symbols


def _windows(chunk: bytes) -> np.ndarray:
    """The 16 bits starting at every bit position of ``chunk`` (padded with 1 bits)."""
    padded = np.frombuffer(chunk + b"\xff\xff\xff", dtype=np.uint8).astype(np.uint32)
    words = padded[:-3] << 16 | padded[1:-2] << 8 | padded[2:-1]
    shifts = np.arange(8, 0, -1, dtype=np.uint32)
    return ((words[:, None] >> shifts) & 0xFFFF).ravel()


def dc_limit(precision: int, quantiser: int) -> int:
    """The largest quantised DC value a block of ``precision``-bit samples can have.

    F(0,0) is 8 times the block's mean after the level shift (T.81 A.3.3), so
    ``|F(0,0)| <= 2**(precision + 2)``; quantised, divided by the table's first entry.
    """
    return (1 << (precision + 2)) // max(1, quantiser) + 1


def walk_mcus(chunk: bytes, units: int, components: Sequence[ComponentCodes],
              plan: Sequence[int], interval: int = 0) -> None:
    """Walk ``units`` minimum coded units through ``chunk`` (stuffing removed): each unit is
    one block of ``components[i]`` for every ``i`` of ``plan``, in order. The blocks must end
    in its last byte, and every block's DC value must stay within its component's limit
    (see :func:`dc_limit`): damage that happens to resynchronise still shifts the DC values
    after it. Raises :class:`WalkFailed`."""
    blocks = units * len(plan)
    if blocks == 0:
        return
    windows = _windows(chunk)
    looked_up: dict[int, list[int]] = {}  # per table (chroma components share theirs)

    def lookup(table: CodeTable, shift: int) -> list[int]:
        if id(table) not in looked_up:  # (length, then size or symbol) at every bit
            looked_up[id(table)] = (table[0][windows] << shift | table[1][windows]).tolist()
        return looked_up[id(table)]

    codes = {c: (lookup(components[c].dc, 5), lookup(components[c].ac, 8)) for c in set(plan)}
    schedule = [(c, *codes[c], components[c].limit) for c in plan]
    padded = chunk + b"\xff\xff\xff"
    bits = 8 * len(chunk)
    p = 0
    values = [0] * len(components)  # each component's DC prediction
    try:
        for _ in range(units):
            for c, dc_code, ac_code, limit in schedule:
                length, size = dc_code[p] >> 5, dc_code[p] & 31
                if not length or size > 15:
                    raise WalkFailed(f"invalid DC code (interval {interval})")
                p += length
                if limit and size:
                    at = p >> 3
                    word = padded[at] << 16 | padded[at + 1] << 8 | padded[at + 2]
                    extra = (word >> (24 - (p & 7) - size)) & ((1 << size) - 1)
                    values[c] += extra if extra >> (size - 1) else extra - (1 << size) + 1
                    if not -limit <= values[c] <= limit:
                        raise WalkFailed(f"a DC value of {values[c]:,} beyond {limit:,} "
                                         f"(interval {interval})")
                p += size
                k = 1
                while k < 64:
                    code = ac_code[p]
                    if not code:
                        raise WalkFailed(f"invalid AC code (interval {interval})")
                    symbol = code & 0xFF
                    p += code >> 8
                    if symbol == 0:  # end of block
                        break
                    run, size = symbol >> 4, symbol & 15
                    if size == 0 and run != 15:
                        raise WalkFailed(f"invalid AC symbol {symbol:#04x} "
                                         f"(interval {interval})")
                    k += run + 1
                    p += size
                if k > 64:
                    raise WalkFailed(f"a block of more than 64 coefficients "
                                     f"(interval {interval})")
    except IndexError:
        p = bits + 8
    if p > bits:
        raise WalkFailed(f"the data ends before its {blocks:,} blocks (interval {interval})")
    if bits - p >= 8:
        raise WalkFailed(f"{(bits - p) // 8:,} bytes are left after its {blocks:,} blocks "
                         f"(interval {interval})")
