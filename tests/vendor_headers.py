"""DICOM files laid out the way real scanners write them (synthetic data, no patient's).

Our own phantom generator writes short, tidy headers; real files do not. This module builds
classic MR images with what the index meets on real discs, for tests and benchmarks alike:

* ``siemens``: a ``SIEMENS MR HEADER`` private block and CSA image and series headers
  (0029,1010/1020) of tens of KB, which push the pixel data past the first read;
* ``philips``: ``Philips Imaging DD 001`` private sequences of undefined length, nested;
* ``ge``: implicit VR little endian with ``GEMS_*`` private blocks (OB and odd values);
* ``hitachi``: a top-level Shared Functional Groups Sequence (5200,9229) on a classic image,
  some acquisition values only inside it, and Japanese names in ISO 2022 IR 87;
* ``japanese_ir13`` / ``utf8``: names in ISO 2022 IR 13 + IR 87 (half-width katakana) and
  ISO_IR 192;
* ``big_endian`` and ``deflate``: the rarer transfer syntaxes.

:func:`write_vendor_file` writes one file; :func:`write_tree` writes a study of several series
in shuffled file order, the way a PACS export names files.
"""

from __future__ import annotations

import random
import struct
from collections.abc import Iterable
from pathlib import Path

import numpy as np
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sequence import Sequence as DicomSequence
from pydicom.uid import (
    DeflatedExplicitVRLittleEndian,
    ExplicitVRBigEndian,
    ExplicitVRLittleEndian,
    ImplicitVRLittleEndian,
    MRImageStorage,
    generate_uid,
)

VENDORS = ("siemens", "philips", "ge", "hitachi", "japanese_ir13", "utf8", "big_endian", "deflate")
#: Vendors whose files the fast header scan must read itself (no pydicom fallback).
FAST_VENDORS = ("siemens", "philips", "ge", "hitachi", "japanese_ir13", "utf8")


def _seq(items: Iterable[Dataset], undefined: bool = True) -> DicomSequence:
    seq = DicomSequence(list(items))
    for item in seq:
        item.is_undefined_length_sequence_item = undefined
    return seq


def _item(**values: object) -> Dataset:
    ds = Dataset()
    for keyword, value in values.items():
        setattr(ds, keyword, value)
    return ds


def _undefined(ds: Dataset, keyword: str) -> None:
    """Write the sequence ``keyword`` with undefined length, as most scanners do."""
    ds[keyword].is_undefined_length = True


def csa_header(rng: random.Random, size: int) -> bytes:
    """Bytes shaped like a Siemens CSA2 header (``SV10`` + tag entries + ASCII protocol)."""
    out = bytearray(b"SV10\x04\x03\x02\x01")
    names = ["EchoLinePosition", "SliceNormalVector", "B_value", "ImaAbsTablePosition"]
    out += struct.pack("<II", len(names), 77)
    for name in names:
        out += name.encode().ljust(64, b"\x00") + struct.pack("<i4sIII", 1, b"DS\x00\x00", 0, 1, 77)
        value = f"{rng.uniform(-200, 200):.8f}".encode()
        out += struct.pack("<4I", len(value), 77, 77, len(value)) + value.ljust(
            (len(value) + 3) // 4 * 4, b"\x00"
        )
    out += b"### ASCCONV BEGIN ###\n"
    while len(out) < size:
        out += f"sKSpace.lBaseResolution{rng.randrange(1000)}\t = {rng.randrange(512)}\n".encode()
    out += b"### ASCCONV END ###"
    return bytes(out[:size]) + b"\x00" * (size % 2)


def _base(
    vendor: str,
    study: str,
    series: str,
    frame_of_reference: str,
    instance: int,
    size: int,
    description: str,
    position: float,
) -> Dataset:
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = MRImageStorage
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    meta.ImplementationClassUID = "1.2.826.0.1.3680043.9.7433.1.1"
    ds = Dataset()
    ds.file_meta = meta
    ds.SpecificCharacterSet = "ISO_IR 100"
    ds.ImageType = ["ORIGINAL", "PRIMARY", "M", "ND", "NORM"]
    ds.SOPClassUID = MRImageStorage
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.StudyDate = ds.SeriesDate = ds.AcquisitionDate = "20180107"
    ds.StudyTime = "101500"
    ds.AccessionNumber = "A12345"
    ds.Modality = "MR"
    ds.Manufacturer = {"ge": "GE MEDICAL SYSTEMS", "hitachi": "Hitachi Medical Corporation"}.get(
        vendor, vendor.split("_")[0].upper()
    )
    ds.InstitutionName = "Synthetic Clinic"
    ds.ReferringPhysicianName = "Doctor^Test"
    ds.StudyDescription = "L-SPINE"
    ds.SeriesDescription = description
    ds.ReferencedImageSequence = _seq(
        _item(
            ReferencedSOPClassUID=MRImageStorage,
            ReferencedSOPInstanceUID=generate_uid(),
        )
        for _ in range(3)
    )
    _undefined(ds, "ReferencedImageSequence")
    ds.PatientName = "Synthetic^Patient"
    ds.PatientID = "SYN-0001"
    ds.PatientBirthDate = "19700101"
    ds.PatientSex = "F"
    ds.PatientAge = "048Y"
    ds.ScanningSequence = "SE"
    ds.SequenceVariant = ["SK", "SP", "OSP"]
    ds.ScanOptions = ["PFP", "FS"]
    ds.MRAcquisitionType = "2D"
    ds.SequenceName = "*tse2d1_15"
    ds.SliceThickness = 4.0
    ds.RepetitionTime = 3200.0
    ds.EchoTime = 98.0
    ds.NumberOfAverages = 2.0
    ds.MagneticFieldStrength = 1.5
    ds.EchoTrainLength = 15
    ds.ContrastBolusAgent = "off"
    ds.ProtocolName = description
    ds.FlipAngle = 150.0
    ds.StudyInstanceUID, ds.SeriesInstanceUID = study, series
    ds.StudyID = "1"
    ds.SeriesNumber = int(series[-2:]) % 50 + 1
    ds.AcquisitionNumber = 1
    ds.InstanceNumber = instance
    ds.ImagePositionPatient = [position, -120.5, 150.25]
    ds.ImageOrientationPatient = [0.0, 1.0, 0.0, 0.0, 0.0, -1.0]
    ds.FrameOfReferenceUID = frame_of_reference
    ds.PositionReferenceIndicator = ""
    ds.SliceLocation = position
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.Rows = ds.Columns = size
    ds.PixelSpacing = [0.625, 0.625]
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 12, 11, 0
    ds.WindowCenter, ds.WindowWidth = [600, 700], [1200, 1500]
    ds.WindowCenterWidthExplanation = ["Algo1", "Algo2"]
    return ds


def _siemens(ds: Dataset, rng: random.Random) -> None:
    mr = ds.private_block(0x0019, "SIEMENS MR HEADER", create=True)
    mr.add_new(0x08, "CS", "IMAGE NUM 4")
    mr.add_new(0x09, "LO", "1.0")
    mr.add_new(0x0B, "DS", "40")
    mr.add_new(0x0F, "SH", "Fast")
    mr.add_new(0x12, "SL", [0, 0, 0])
    mr.add_new(0x17, "DS", "1")
    csa = ds.private_block(0x0029, "SIEMENS CSA HEADER", create=True)
    csa.add_new(0x08, "CS", "IMAGE NUM 4")
    csa.add_new(0x09, "LO", "20180107")
    csa.add_new(0x10, "OB", csa_header(rng, 11_000))
    csa.add_new(0x18, "CS", "MR")
    csa.add_new(0x19, "LO", "20180107")
    csa.add_new(0x20, "OB", csa_header(rng, 84_000))
    ds.RequestedProcedureDescription = "LWS"
    ds.PerformedProcedureStepDescription = "LWS"
    sds = ds.private_block(0x0051, "SIEMENS MR HEADER", create=True)
    sds.add_new(0x08, "CS", "IMAGE NUM 4")
    sds.add_new(0x0B, "SH", "256p*256")
    sds.add_new(0x0D, "SH", "SP L8.4")


def _philips(ds: Dataset, rng: random.Random) -> None:
    ds.file_meta.ImplementationVersionName = "PHILIPS 5.1"
    dd = ds.private_block(0x2001, "Philips Imaging DD 001", create=True)
    dd.add_new(0x01, "FL", 0.0)
    dd.add_new(0x02, "FL", 0.0)
    dd.add_new(0x03, "FL", 0.0)
    dd.add_new(0x08, "SS", 1)
    dd.add_new(0x0A, "IS", "7")
    dd.add_new(0x0B, "CS", "SAGITTAL")
    stacks = [Dataset() for _ in range(2)]
    for k, stack in enumerate(stacks):
        block = stack.private_block(0x2001, "Philips Imaging DD 001", create=True)
        block.add_new(0x2D, "SS", 15)
        block.add_new(0x32, "CS", "FH")
        block.add_new(0x33, "FL", float(k))
        block.add_new(0x35, "SS", 1)
    dd.add_new(0x5F, "SQ", _seq(stacks))
    ds[0x2001105F].is_undefined_length = True
    mr = ds.private_block(0x2005, "Philips MR Imaging DD 001", create=True)
    mr.add_new(0x0D, "FL", 0.0)
    mr.add_new(0x0E, "FL", 1.2345)
    series_items = []
    for _ in range(3):
        item = Dataset()
        item.ImageType = ["ORIGINAL", "PRIMARY", "M_SE", "M", "SE"]
        item.SeriesDescription = "T2W_TSE"
        inner = item.private_block(0x2005, "Philips MR Imaging DD 001", create=True)
        for offset in range(0x20, 0x60):
            inner.add_new(offset, "FL", rng.uniform(0, 100))
        inner.add_new(0x61, "OB", bytes(rng.randrange(256) for _ in range(512)))
        series_items.append(item)
    dd2 = ds.private_block(0x2005, "Philips MR Imaging DD 002", create=True)
    dd2.add_new(0x0F, "SQ", _seq(series_items))
    ds[dd2.get_tag(0x0F)].is_undefined_length = True


def _ge(ds: Dataset, rng: random.Random) -> None:
    ds.file_meta.TransferSyntaxUID = ImplicitVRLittleEndian
    iden = ds.private_block(0x0009, "GEMS_IDEN_01", create=True)
    iden.add_new(0x01, "LO", "GE_GENESIS_FF")
    iden.add_new(0x04, "SH", "MR1")
    iden.add_new(0xE3, "UI", generate_uid())
    acq = ds.private_block(0x0019, "GEMS_ACQU_01", create=True)
    for offset in range(0x0F, 0x40):
        acq.add_new(offset, "DS", f"{rng.uniform(0, 1000):.4f}")
    parm = ds.private_block(0x0043, "GEMS_PARM_01", create=True)
    parm.add_new(0x01, "SS", 0)
    parm.add_new(0x29, "OB", bytes(rng.randrange(256) for _ in range(2064)))
    parm.add_new(0x2A, "OB", bytes(rng.randrange(256) for _ in range(1030)))
    parm.add_new(0x39, "IS", ["0", "0", "0", "0"])
    sers = ds.private_block(0x0025, "GEMS_SERS_01", create=True)
    sers.add_new(0x07, "SL", 24)
    sers.add_new(0x1B, "OB", bytes(rng.randrange(256) for _ in range(2038)))
    ds.InversionTime = 0.0


def _hitachi(ds: Dataset, rng: random.Random, instance: int) -> None:
    ds.SpecificCharacterSet = ["", "ISO 2022 IR 87"]
    ds.PatientName = "Yamada^Tarou=山田^太郎=やまだ^たろう"
    ds.StudyDescription = "腰椎 MRI"
    ds.InstitutionName = "東京 腰痛 クリニック"
    del ds.EchoTime  # only inside the functional groups below, as some Hitachi files do
    shared = Dataset()
    shared.PixelMeasuresSequence = _seq([_item(PixelSpacing=[0.625, 0.625], SliceThickness=4.0)])
    shared.MRTimingAndRelatedParametersSequence = _seq(
        [_item(RepetitionTime=3200.0, FlipAngle=90.0, EchoTrainLength=15)]
    )
    shared.MREchoSequence = _seq([_item(EffectiveEchoTime=98.0)])
    shared.MRModifierSequence = _seq([_item(InversionRecovery="NO", InversionTimes=[0.0])])
    shared.MRReceiveCoilSequence = _seq([_item(ReceiveCoilName="SPINE")])
    shared.MRDiffusionSequence = _seq([_item(DiffusionBValue=0.0)])
    ds.SharedFunctionalGroupsSequence = _seq([shared])
    _undefined(ds, "SharedFunctionalGroupsSequence")
    private = ds.private_block(0x0009, "HITACHI MEDICAL CORPORATION", create=True)
    private.add_new(0x01, "LO", "MRI")
    private.add_new(0x02, "OB", bytes(rng.randrange(256) for _ in range(3000)))
    ds.InstanceCreationTime = f"1015{instance % 60:02d}"


def _japanese_ir13(ds: Dataset) -> None:
    ds.SpecificCharacterSet = ["ISO 2022 IR 13", "ISO 2022 IR 87"]
    ds.PatientName = "ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう"
    ds.SeriesDescription = "ｻｼﾞﾀﾙ T2"


def _utf8(ds: Dataset) -> None:
    ds.SpecificCharacterSet = "ISO_IR 192"
    ds.PatientName = "Müller^Jürgen=山田^太郎"
    ds.StudyDescription = "Lendenwirbelsäule – MRT"


def vendor_dataset(
    vendor: str,
    *,
    study: str | None = None,
    series: str | None = None,
    frame_of_reference: str | None = None,
    instance: int = 1,
    size: int = 64,
    description: str | None = None,
    seed: int = 0,
) -> Dataset:
    """One classic MR image as ``vendor`` writes it (pixels included)."""
    if vendor not in VENDORS:
        raise ValueError(f"unknown vendor {vendor!r}; choose from {VENDORS}")
    rng = random.Random(seed * 7919 + instance)
    ds = _base(
        vendor,
        study or generate_uid(),
        series or generate_uid(),
        frame_of_reference or generate_uid(),
        instance,
        size,
        description or f"t2_tse_sag_{vendor}",
        position=-20.0 + 4.4 * instance,
    )
    if vendor == "siemens":
        _siemens(ds, rng)
    elif vendor == "philips":
        _philips(ds, rng)
    elif vendor == "ge":
        _ge(ds, rng)
    elif vendor == "hitachi":
        _hitachi(ds, rng, instance)
    elif vendor == "japanese_ir13":
        _japanese_ir13(ds)
    elif vendor == "utf8":
        _utf8(ds)
    ramp = (np.arange(size * size, dtype=np.uint32) * 7 + instance * 13) % 4096
    pixels = ramp.reshape(size, size).astype(np.uint16)
    if vendor == "big_endian":
        ds.file_meta.TransferSyntaxUID = ExplicitVRBigEndian
        ds.PixelData = pixels.astype(">u2").tobytes()
    else:
        ds.PixelData = pixels.astype("<u2").tobytes()
        if vendor == "deflate":
            ds.file_meta.TransferSyntaxUID = DeflatedExplicitVRLittleEndian
    ds["PixelData"].VR = "OW"
    return ds


def write_vendor_file(path: Path, vendor: str, **kwargs: object) -> Path:
    """Write one file of :func:`vendor_dataset`; return its path."""
    ds = vendor_dataset(vendor, **kwargs)  # type: ignore[arg-type]
    path.parent.mkdir(parents=True, exist_ok=True)
    syntax = ds.file_meta.TransferSyntaxUID
    ds.save_as(
        path,
        implicit_vr=syntax == ImplicitVRLittleEndian,
        little_endian=syntax != ExplicitVRBigEndian,
        enforce_file_format=True,
    )
    return path


def write_tree(
    folder: Path,
    files: int,
    vendors: Iterable[str] = FAST_VENDORS,
    *,
    series_size: int = 20,
    size: int = 64,
    seed: int = 0,
) -> list[Path]:
    """Write ``files`` images in series of ``series_size``, vendors in turn, names shuffled.

    Files get random 8-digit names in a few sub-folders (as PACS exports do), so the order
    on disc says nothing about series or slice order.
    """
    rng = random.Random(seed)
    vendors = list(vendors)
    study, frame = generate_uid(), generate_uid()
    names = rng.sample(range(10_000_000, 99_999_999), files)
    paths = []
    series = generate_uid()
    for k in range(files):
        if k % series_size == 0:
            series = generate_uid()
        vendor = vendors[(k // series_size) % len(vendors)]
        path = folder / f"S{names[k] % 4}" / f"{names[k]}"
        paths.append(
            write_vendor_file(
                path,
                vendor,
                study=study,
                series=series,
                frame_of_reference=frame,
                instance=k % series_size + 1,
                size=size,
                description=f"{vendor}_{k // series_size}",
                seed=seed,
            )
        )
    return paths
