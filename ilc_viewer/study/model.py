"""The study model: patients' studies, their series and the images in them (headers only).

These plain dataclasses are what :mod:`ilc_viewer.dicom.index` builds from a folder and what
every other part of the program reads. They hold no pixels: pixels are decoded on first look
by :mod:`ilc_viewer.study.pixels`.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from ilc_viewer.words.catalogue import _

if TYPE_CHECKING:
    from ilc_viewer.dicom.damage import Damage
    from ilc_viewer.study.geometry import SeriesGeometry

#: The labels a series can get from :mod:`ilc_viewer.study.sequences`.
SEQUENCE_LABELS = (
    "T1", "T2", "STIR", "PD", "FLAIR", "T2*", "DWI", "ADC", "EPI", "LOCALIZER", "OTHER",
    "XR", "FLUORO", "US",
)
#: The planes a series can lie in.
PLANES = ("sagittal", "axial", "coronal", "oblique", "unknown")


@dataclass(frozen=True)
class SkippedFile:
    """An input file that is not an image of any series, and why (one plain sentence)."""

    path: str
    reason: str


@dataclass(frozen=True)
class ImageSource:
    """Where one DICOM file lives: a plain file, or a member of a zip archive."""

    path: Path
    member: str | None = None

    @property
    def display_name(self) -> str:
        """The name shown to users and in reports: ``file`` or ``archive.zip!member``."""
        return f"{self.path}!{self.member}" if self.member else str(self.path)

    def open(self) -> BinaryIO:
        """Open the file for reading (never for writing: the source may be a CD)."""
        if self.member is None:
            return open(self.path, "rb")
        with zipfile.ZipFile(self.path) as archive:
            return BytesIO(archive.read(self.member))


@dataclass(frozen=True)
class AcquisitionParams:
    """The header values that tell which MR sequence made a series (PS3.3 C.8.3.1, C.8.13)."""

    series_description: str = ""
    protocol_name: str = ""
    sequence_name: str = ""
    manufacturer: str = ""
    scanning_sequence: tuple[str, ...] = ()
    sequence_variant: tuple[str, ...] = ()
    scan_options: tuple[str, ...] = ()
    image_type: tuple[str, ...] = ()
    repetition_time: float | None = None
    echo_time: float | None = None
    inversion_time: float | None = None
    flip_angle: float | None = None
    field_strength: float | None = None
    echo_train_length: int | None = None
    contrast_agent: str = ""
    #: Contrast/Bolus Volume (0018,1041) in ml; ``0`` means none was given.
    contrast_volume: float | None = None
    diffusion_b_value: float | None = None
    #: Enhanced MR attributes (PS3.3 C.8.13.1), empty for classic images.
    pulse_sequence_name: str = ""
    echo_pulse_sequence: str = ""
    inversion_recovery: str = ""
    spectrally_selected_suppression: str = ""


@dataclass(frozen=True)
class WindowValue:
    """One Window Center / Width pair stored in the file, with its explanation if any."""

    center: float
    width: float
    explanation: str = ""


@dataclass(frozen=True)
class UltrasoundRegion:
    """One calibrated region of an ultrasound image (PS3.3 C.8.5.5.1, Sequence of Ultrasound
    Regions): a rectangle of pixels and the physical size of one pixel inside it."""

    #: Pixel bounds, inclusive: the left, top, right and bottom columns / rows.
    x0: int
    y0: int
    x1: int
    y1: int
    #: Region Spatial Format: 1 = a 2-D picture (B mode), 2 = M mode, 3 = spectral, ...
    spatial_format: int = 0
    #: Physical Units X / Y Direction: 3 = cm, 4 = seconds, ... (PS3.3 C.8.5.5.1.15).
    units_x: int = 0
    units_y: int = 0
    #: Physical Delta X / Y: the size of one pixel in those units.
    delta_x: float = 0.0
    delta_y: float = 0.0

    def contains(self, row: float, col: float) -> bool:
        """True if pixel (row, col) lies inside the region."""
        return self.x0 - 0.5 <= col <= self.x1 + 0.5 and self.y0 - 0.5 <= row <= self.y1 + 0.5

    @property
    def mm_per_pixel(self) -> tuple[float, float] | None:
        """(between rows, between columns) in mm when both directions are in cm, else None."""
        if self.units_x != 3 or self.units_y != 3 or self.delta_x <= 0 or self.delta_y <= 0:
            return None
        return abs(self.delta_y) * 10.0, abs(self.delta_x) * 10.0


@dataclass(frozen=True)
class CineTiming:
    """How fast a multi-frame clip was taken or should be played (PS3.3 C.7.6.5, C.8.5.6)."""

    #: Frame Time (0018,1063): ms between frames.
    frame_time_ms: float | None = None
    #: Frame Time Vector (0018,1065): ms from the previous frame, per frame (first is 0).
    frame_time_vector: tuple[float, ...] = ()
    #: Cine Rate (0018,0040): frames per second.
    cine_rate: float | None = None
    #: Recommended Display Frame Rate (0008,2144): frames per second.
    display_rate: float | None = None


@dataclass
class ImageRef:
    """One displayable slice: a single-frame file, or one frame of a multi-frame file."""

    source: ImageSource
    sop_instance_uid: str
    rows: int
    columns: int
    frame: int | None = None
    instance_number: int | None = None
    #: Image Position (Patient): the centre of the first transmitted pixel, in mm.
    position: tuple[float, float, float] | None = None
    #: Image Orientation (Patient): row direction cosines then column direction cosines.
    orientation: tuple[float, float, float, float, float, float] | None = None
    #: Pixel Spacing: (distance between rows, distance between columns) in mm.
    pixel_spacing: tuple[float, float] | None = None
    slice_thickness: float | None = None
    acquisition_number: int | None = None
    image_type: tuple[str, ...] = ()
    transfer_syntax_uid: str = ""
    photometric_interpretation: str = "MONOCHROME2"
    rescale_slope: float = 1.0
    rescale_intercept: float = 0.0
    windows: tuple[WindowValue, ...] = ()
    #: What is wrong with this image's data, found when the header was read (``None``: as far
    #: as can be told without decoding, nothing). A damaged image is never decoded.
    damage: Damage | None = None
    #: 1 for grey-scale and PALETTE COLOR, 3 for RGB and YBR colour images.
    samples_per_pixel: int = 1
    #: Where :attr:`pixel_spacing` measures: "" as the file says (cross-sectional images),
    #: "detector" for a projection image's Imager Pixel Spacing (or an uncalibrated Pixel
    #: Spacing beside it), "calibrated" when Pixel Spacing Calibration Type is given.
    spacing_at: str = ""
    #: View Position (0018,5101) of a projection image: "AP", "PA", "LAT", "LL", ...
    view_position: str = ""
    #: Patient Orientation (0020,0020): the patient directions of the rows and the columns
    #: ("P", "F"), for images without Image Orientation (Patient).
    patient_orientation: tuple[str, ...] = ()
    #: Presentation LUT Shape (2050,0020): "IDENTITY", "INVERSE" or "".
    presentation_lut_shape: str = ""
    #: Explanations of the VOI LUT Sequence's tables ("" where none is given); the tables
    #: themselves are read when chosen (:mod:`ilc_viewer.study.lookup_tables`).
    voi_luts: tuple[str, ...] = ()
    #: Calibrated regions of an ultrasound image.
    regions: tuple[UltrasoundRegion, ...] = ()
    #: Frame timing of a multi-frame clip (``None`` for single images).
    cine: CineTiming | None = None
    #: True when only a whole-file read finds the pixels (a data set not in its transfer
    #: syntax's VR encoding, which pydicom reads with a warning).
    read_whole: bool = False

    @property
    def display_name(self) -> str:
        """File name (and frame number for multi-frame images) for messages."""
        name = self.source.display_name
        return name if self.frame is None else _("{name} (frame {number})", name=name,
                                                   number=self.frame + 1)

    @property
    def inverted(self) -> bool:
        """True where low values must show white: MONOCHROME1, or a Presentation LUT Shape of
        INVERSE. A DX image says it both ways at once (PS3.3 C.8.11.7): still one inversion."""
        return (self.photometric_interpretation == "MONOCHROME1"
                or self.presentation_lut_shape == "INVERSE")

    @property
    def is_colour(self) -> bool:
        """True for colour images (RGB, YBR, PALETTE COLOR): brightness/contrast, no window."""
        return self.samples_per_pixel == 3 or self.photometric_interpretation == "PALETTE COLOR"


@dataclass(frozen=True)
class PatientInfo:
    """Identifying data. Hidden on screen by default and never exported unless asked."""

    name: str = ""
    patient_id: str = ""
    birth_date: str = ""
    sex: str = ""
    age: str = ""
    accession_number: str = ""


@dataclass
class Series:
    """The images of one series of one image size and kind, ordered along the body.

    The images may lie in blocks at different angles (lumbar axials angled along each disc);
    each keeps its own plane in :attr:`geometry`.
    """

    #: Unique key: the Series Instance UID, with ``#2``, ``#3`` ... for split sub-series.
    key: str
    series_uid: str
    study_uid: str
    modality: str
    number: int | None = None
    description: str = ""
    frame_of_reference_uid: str = ""
    params: AcquisitionParams = field(default_factory=AcquisitionParams)
    #: Images ordered along the body, block by block (by instance number without positions).
    images: list[ImageRef] = field(default_factory=list)
    geometry: SeriesGeometry | None = None
    #: Problems worth a look (uneven spacing inside a block, missing geometry ...).
    warnings: list[str] = field(default_factory=list)
    #: Neutral facts about how the series was read (e.g. shown as two series); not problems.
    notes: list[str] = field(default_factory=list)
    #: One of :data:`SEQUENCE_LABELS` and the plain reason for it.
    sequence: str = "OTHER"
    sequence_reason: str = ""
    #: One of :data:`PLANES`.
    plane: str = "unknown"

    @property
    def rows(self) -> int:
        """Image height in pixels (all images of a series share it)."""
        return self.images[0].rows if self.images else 0

    @property
    def columns(self) -> int:
        """Image width in pixels."""
        return self.images[0].columns if self.images else 0

    @property
    def blocks(self) -> tuple[range, ...]:
        """Image index ranges of the blocks of parallel images (one for a plain stack)."""
        if self.geometry is not None:
            return self.geometry.blocks
        return (range(len(self.images)),) if self.images else ()

    @property
    def block_count(self) -> int:
        """Number of blocks of parallel images (1 for a plain stack, 0 when empty)."""
        return len(self.blocks)

    def block_of(self, index: int) -> int:
        """The block (0-based) of image ``index``."""
        return self.geometry.block_of(index) if self.geometry is not None else 0

    @property
    def is_localizer(self) -> bool:
        """True for scout / localizer images, which are never part of the triple."""
        return self.sequence == "LOCALIZER"

    @property
    def title(self) -> str:
        """A short name for menus: number, sequence and description."""
        number = f"{self.number}: " if self.number is not None else ""
        return f"{number}{self.sequence} {self.plane} - {self.description or 'no description'}"


@dataclass
class Study:
    """One imaging study of one patient, with its series in series-number order."""

    study_uid: str
    description: str = ""
    date: str = ""
    time: str = ""
    patient: PatientInfo = field(default_factory=PatientInfo)
    series: list[Series] = field(default_factory=list)

    def series_by_key(self, key: str) -> Series:
        """The series with this key; raises ``KeyError`` if there is none."""
        for series in self.series:
            if series.key == key:
                return series
        raise KeyError(key)


@dataclass
class StudyIndex:
    """Everything found at one input path: the studies and the files that were skipped."""

    source: str
    studies: list[Study] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)
    #: Presentation states found (annotations saved with a study), read when it opens.
    presentation_states: list[ImageSource] = field(default_factory=list)

    @property
    def image_count(self) -> int:
        """Number of displayable images over all studies."""
        return sum(len(s.images) for study in self.studies for s in study.series)

    def all_series(self) -> list[Series]:
        """Every series of every study, in order."""
        return [s for study in self.studies for s in study.series]
