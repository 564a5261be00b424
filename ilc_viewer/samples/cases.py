"""The two bundled sample studies: what is wrong in each, their protocols and fake patients.

- Case A, "disc degeneration" (Siemens-style protocol names): L4/5 disc degenerated (lower,
  dark on T2), Modic type 1 oedema at the L4/5 endplates, L5/S1 left paracentral herniation
  touching the left S1 root; the other discs healthy.
- Case B, "slip and narrowing" (Philips-style protocol names): grade 1 degenerative
  spondylolisthesis of L4 on L5 with canal stenosis (slip, thick ligamentum flavum, big
  facets), and a mild compression fracture of L1 with fresh marrow oedema.
"""

from __future__ import annotations

from dataclasses import dataclass

from ilc_viewer.samples.anatomy import Anatomy
from ilc_viewer.samples.mri_physics import Protocol, fat_null_ti
from ilc_viewer.samples.spine import build_spine


@dataclass(frozen=True)
class Vendor:
    """Equipment and naming style of a simulated scanner (the manufacturer stays honest)."""

    manufacturer: str
    model: str
    institution: str
    station: str


@dataclass(frozen=True)
class CaseSpec:
    """Everything that differs between the sample studies."""

    key: str  # folder name, e.g. "case_a"
    title: str
    patient_name: str
    patient_id: str
    birth_date: str
    sex: str
    study_date: str
    study_time: str
    accession: str
    vendor: Vendor
    protocols: tuple[Protocol, ...]  # T1, T2, STIR (sagittal), AX_T2
    seed: int


PHANTOM = "ILC Viewer phantom"


def _stir(key: str, description: str, sequence_name: str, tr: float, te: float,
          etl: int) -> Protocol:
    """A STIR protocol whose TI nulls the phantom's fat (rounded to whole ms)."""
    return Protocol(key, description, sequence_name, "IR", tr, te, etl,
                    ti=float(round(fat_null_ti(tr))), flip_angle=150.0)


CASE_A = CaseSpec(
    key="case_a", title="Disc degeneration",
    patient_name="SAMPLE^Hanako", patient_id="ILC-DEMO-0001", birth_date="19700101", sex="F",
    study_date="20240312", study_time="101500", accession="ILCDEMO0001",
    vendor=Vendor(PHANTOM, "Simulated 1.5T (Siemens-style protocols)", "ILC Sample Clinic",
                  "ILCSIM1"),
    protocols=(
        Protocol("T1", "t1_tse_sag", "*tse2d1_3", "SE", 550.0, 11.0, 3, flip_angle=150.0),
        Protocol("T2", "t2_tse_sag", "*tse2d1_17", "SE", 3500.0, 98.0, 17),
        _stir("STIR", "tirm_sag", "*tir2d1_11", 3800.0, 45.0, 11),
        Protocol("AX_T2", "t2_tse_tra", "*tse2d1_15", "SE", 4000.0, 98.0, 15),
    ),
    seed=1701,
)

CASE_B = CaseSpec(
    key="case_b", title="Slip and narrowing",
    patient_name="SAMPLE^Taro", patient_id="ILC-DEMO-0002", birth_date="19600101", sex="M",
    study_date="20240415", study_time="143000", accession="ILCDEMO0002",
    vendor=Vendor(PHANTOM, "Simulated 1.5T (Philips-style protocols)", "ILC Sample Clinic",
                  "ILCSIM2"),
    protocols=(
        Protocol("T1", "T1W_TSE_SAG", "TSE", "SE", 480.0, 8.0, 5, flip_angle=90.0),
        Protocol("T2", "T2W_TSE_SAG", "TSE", "SE", 3000.0, 110.0, 24, flip_angle=90.0),
        _stir("STIR", "STIR_SAG", "IR_TSE", 3000.0, 60.0, 15),
        Protocol("AX_T2", "T2W_TSE_TRA", "TSE", "SE", 3500.0, 110.0, 20, flip_angle=90.0),
    ),
    seed=2702,
)

CASES = {case.key: case for case in (CASE_A, CASE_B)}


def build_anatomy(case: CaseSpec) -> Anatomy:
    """The label model of a case."""
    if case.key == "case_a":
        spine = build_spine(disc_heights={"L4-L5": 4.5})
        l45, l5s1 = spine.disc("L4-L5"), spine.disc("L5-S1")
        l45.nucleus, l45.bulge = "degenerated_nucleus", 2.0
        l5s1.herniation = (7.0, 10.0)  # toward the patient's left, 10 mm
        spine.segment("L4").oedema.append(("bottom", 9.0))
        spine.segment("L5").oedema.append(("top", 9.0))
        return Anatomy(spine)
    if case.key == "case_b":
        spine = build_spine(disc_heights={"L4-L5": 6.5}, slips={"L4-L5": 8.0})
        l45 = spine.disc("L4-L5")
        l45.nucleus, l45.bulge = "degenerated_nucleus", 2.5
        for name in ("L4", "L5"):
            spine.segment(name).facet_hypertrophy = 3.0
        l1 = spine.segment("L1")
        l1.wedge = 0.22
        l1.oedema.append(("top", 12.0))
        l1.fracture_line = True
        return Anatomy(spine, flavum_thickening={"L4-L5": 5.5})
    raise KeyError(case.key)
