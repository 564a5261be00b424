"""MR signal equations, coil sensitivity and Rician noise for the lumbar phantom.

Spin echo / turbo spin echo (long echo train, refocusing to full recovery between shots)::

    S = PD * (1 - exp(-TR/T1)) * exp(-TE/T2)

Magnitude inversion recovery (STIR, 180-degree inversion, spin-echo read-out)::

    S = PD * |1 - 2 exp(-TI/T1) + exp(-TR/T1)| * exp(-TE/T2)

The signed value inside the bars is what each compartment contributes; compartments and
partial-volume sub-samples are summed *before* the magnitude, as in a real voxel.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ilc_viewer.samples.tissues import FAT, TISSUES, Compartment


@dataclass(frozen=True)
class Protocol:
    """Timing and naming of one simulated series (times in ms)."""

    key: str  # T1, T2, STIR or AX_T2 (the truth file's name for it)
    description: str  # vendor-like series description
    sequence_name: str
    kind: str  # "SE" or "IR"
    tr: float
    te: float
    etl: int
    ti: float | None = None
    flip_angle: float = 150.0
    bandwidth: float = 200.0  # Hz/pixel
    averages: float = 2.0


def se_signal(c: Compartment, tr: float, te: float, tse: bool = True) -> float:
    """Spin-echo signal of one compartment (fat uses its TSE apparent T2 under TSE)."""
    t2 = c.t2_tse if (tse and c.t2_tse) else c.t2
    return c.pd * (1.0 - math.exp(-tr / c.t1)) * math.exp(-te / t2)


def ir_signal(c: Compartment, tr: float, te: float, ti: float, tse: bool = True) -> float:
    """Signed inversion-recovery signal of one compartment (magnitude is taken per voxel)."""
    t2 = c.t2_tse if (tse and c.t2_tse) else c.t2
    mz = 1.0 - 2.0 * math.exp(-ti / c.t1) + math.exp(-tr / c.t1)
    return c.pd * mz * math.exp(-te / t2)


def fat_null_ti(tr: float, t1_fat: float = FAT.t1) -> float:
    """Inversion time (ms) that nulls fat: solves 1 - 2e^(-TI/T1) + e^(-TR/T1) = 0."""
    return t1_fat * math.log(2.0 / (1.0 + math.exp(-tr / t1_fat)))


def signal_table(protocol: Protocol) -> np.ndarray:
    """Signed signal of every tissue label for a protocol (index = label number)."""
    values = []
    for tissue in TISSUES:
        total = 0.0
        for fraction, comp in tissue.parts:
            if protocol.kind == "IR":
                total += fraction * ir_signal(comp, protocol.tr, protocol.te, protocol.ti or 0.0)
            else:
                total += fraction * se_signal(comp, protocol.tr, protocol.te)
        values.append(total)
    return np.asarray(values, dtype=np.float32)


def coil_sensitivity(y: np.ndarray, z: np.ndarray, y_back: float, y_front: float,
                     z_centre: float) -> np.ndarray:
    """Receive sensitivity of a spine array (behind) plus a body array (in front).

    Signal falls off with depth from both surfaces and gently away from the coil centre in z,
    so the middle of the belly is dimmer than the back, as on real lumbar scans.
    """
    depth_back = np.clip(y_back - y, 0.0, None)
    depth_front = np.clip(y - y_front, 0.0, None)
    spine = np.exp(-depth_back / 130.0)
    body = 0.40 * np.exp(-depth_front / 110.0)
    along = 1.0 - 0.25 * ((z - z_centre) / 180.0) ** 2
    return ((0.30 + 0.75 * spine + body) * np.clip(along, 0.5, 1.0)).astype(np.float32)


def rician(signal: np.ndarray, sigma: float, rng: np.random.Generator) -> np.ndarray:
    """Magnitude of the signal plus complex Gaussian noise (Rician statistics)."""
    real = signal + rng.normal(0.0, sigma, signal.shape).astype(np.float32)
    imag = rng.normal(0.0, sigma, signal.shape).astype(np.float32)
    return np.hypot(real, imag)


def supersampled_image(labels: np.ndarray, table: np.ndarray,
                       factors: Sequence[int]) -> np.ndarray:
    """Average the signed signal of sub-samples into pixels, then take the magnitude.

    ``labels`` has shape ``(a*fa, b*fb, c*fc)``; the result has shape ``(a, b, c)``.
    """
    signed = table[labels]
    fa, fb, fc = factors
    a, b, c = (labels.shape[0] // fa, labels.shape[1] // fb, labels.shape[2] // fc)
    blocks = signed.reshape(a, fa, b, fb, c, fc)
    return np.abs(blocks.mean(axis=(1, 3, 5)))
