"""Tissue labels of the lumbar phantom and their MR properties at 1.5 T.

Every tissue is a mix of one or more *compartments* (a water-like or a fat-like pool of
protons, each with its own proton density PD, T1 and T2). Mixing matters for STIR: the
inversion recovery signal of fat and water have opposite signs before the magnitude is taken,
so fatty marrow, whose fat is nulled, keeps only the faint signal of its water.

Values are representative 1.5 T numbers rounded from the literature below (PD is relative to
pure water; T1 and T2 in ms). Where a source reports a range we took a value inside it.

- Fat (subcutaneous): T1 343 ms, T2 58 ms. de Bazelaire CM, Duhamel GD, Rofsky NM, Alsop DC.
  "MR imaging relaxation times of abdominal and pelvic tissues measured in vivo at 3.0 T:
  preliminary results." Radiology 2004;230:652-659 (their 1.5 T reference values).
- Fat on (turbo) fast spin echo stays bright because the echo train breaks J-coupling; we model
  it with a longer apparent T2 under TSE (150 ms). Henkelman RM, Hardy PA, Bishop JE, Poon CS,
  Plewes DB. "Why fat is bright in RARE and fast spin-echo imaging." JMRI 1992;2:533-540.
- Vertebral marrow (mixed red/yellow, adult): apparent T1 about 550 ms, T2 about 50 ms at
  1.5 T (de Bazelaire 2004); modelled as 45 % fat + 55 % marrow water (lumbar marrow fat
  fraction in middle age is about 40-50 %: Kugel H, Jung C, Schulte O, Heindel W. "Age- and
  sex-specific differences in the 1H-spectrum of vertebral bone marrow." JMRI 2001;13:263-268).
  A healthy nucleus is therefore clearly brighter than marrow on T2 TSE, as on real scans.
- Skeletal muscle: T1 1008 ms, T2 44 ms; spinal cord: T1 745 ms, T2 74 ms. Stanisz GJ, Odrobina
  EE, Pun J, et al. "T1, T2 relaxation and magnetization transfer in tissue at 3T." MRM
  2005;54:507-512 (1.5 T values from the same paper).
- CSF: T1 about 4.3 s (Rooney WD, Johnson G, Li X, et al. "Magnetic field and tissue
  dependencies of human brain longitudinal 1H2O relaxation in vivo." MRM 2007;57:308-318);
  T2 about 2 s (free water, long T2 range reported by Whittall KP, MacKay AL, Graeb DA, et al.
  "In vivo measurement of T2 distributions and water contents in normal human brain."
  MRM 1997;37:34-43).
- Intervertebral disc: healthy nucleus T1 about 1150 ms, T2 about 140 ms (water about 85 %);
  the inner annulus (transition zone) is in between (T2 about 75 ms); degenerated nucleus
  loses water and proteoglycan, T2 falls to about 50-60 ms; outer annulus T2 about 40 ms.
  Antoniou J, Pike GB, Steffen T, et al. "Quantitative magnetic resonance imaging in the
  assessment of degenerative disc disease." MRM 1998;40:900-907; Marinelli NL, Haughton VM,
  Munoz A, Anderson PA. "T2 relaxation times of intervertebral disc tissue correlated with water
  content and proteoglycan content." Spine 2009;34:520-524.
- Modic type 1 / fresh-fracture marrow oedema: water replaces fat, long T1 and T2 (dark T1,
  bright T2 and STIR). Modic MT, Steinberg PM, Ross JS, et al. "Degenerative disk disease:
  assessment of changes in vertebral body marrow with MR imaging." Radiology 1988;166:193-199.
- Cortical bone, ligament: very short T2 (well under 1 ms for cortex, a few ms for
  ligament/tendon), so they are dark on spin echo. Reichert IL, Robson MD, Gatehouse PD, et al.
  "Magnetic resonance imaging of cortical bone with ultrashort TE pulse sequences." MRI
  2005;23:611-618; Du J, Bydder GM. "Qualitative and quantitative ultrashort-TE MRI of
  cortical bone." NMR Biomed 2013;26:489-506.
- Peripheral nerve roots: close to spinal cord values (T2 about 60-70 ms).
- Flowing blood (aorta, vena cava) gives a flow void on spin echo: modelled as almost no signal.
- Liver: T1 586 ms, T2 46 ms (de Bazelaire 2004, 1.5 T). Bowel wall is taken as smooth muscle
  (close to skeletal muscle); bowel fluid and urine as dilute water (long T1 and T2); bowel gas
  has no signal. Mesenteric fat is fat with a little water (vessels, lymph nodes).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Compartment:
    """One pool of protons: relative proton density, T1 and T2 (ms); T2 under TSE if different."""

    pd: float
    t1: float
    t2: float
    t2_tse: float | None = None


FAT = Compartment(pd=0.90, t1=343.0, t2=58.0, t2_tse=150.0)
WATER_MARROW = Compartment(pd=0.80, t1=850.0, t2=42.0)
WATER_OEDEMA = Compartment(pd=0.95, t1=1400.0, t2=95.0)


@dataclass(frozen=True)
class Tissue:
    """A tissue of the phantom: a name and its compartments as (fraction, compartment) pairs."""

    name: str
    parts: tuple[tuple[float, Compartment], ...]


def _pure(name: str, pd: float, t1: float, t2: float) -> Tissue:
    return Tissue(name, ((1.0, Compartment(pd, t1, t2)),))


#: All tissues; the label number stored in the label model is the index in this tuple.
TISSUES: tuple[Tissue, ...] = (
    _pure("air", 0.0, 1000.0, 1.0),
    Tissue("fat", ((1.0, FAT),)),
    _pure("skin", 0.70, 600.0, 40.0),
    _pure("muscle", 0.75, 1008.0, 44.0),
    _pure("csf", 1.00, 4300.0, 2000.0),
    _pure("cord", 0.72, 745.0, 74.0),
    _pure("nerve", 0.70, 800.0, 65.0),
    _pure("healthy_nucleus", 0.92, 1150.0, 140.0),
    _pure("degenerated_nucleus", 0.70, 900.0, 52.0),
    _pure("annulus", 0.62, 850.0, 40.0),
    _pure("herniation", 0.75, 1000.0, 70.0),
    Tissue("marrow", ((0.45, FAT), (0.55, WATER_MARROW))),
    Tissue("oedematous_marrow", ((0.20, FAT), (0.80, WATER_OEDEMA))),
    _pure("cortical_bone", 0.10, 1000.0, 0.6),
    _pure("ligament", 0.35, 900.0, 8.0),
    _pure("flavum", 0.55, 900.0, 30.0),
    _pure("flowing_blood", 0.03, 1200.0, 150.0),
    _pure("bowel", 0.72, 950.0, 60.0),
    Tissue("bowel_fat", ((0.85, FAT), (0.15, Compartment(0.72, 950.0, 60.0)))),
    _pure("joint_fluid", 0.95, 3000.0, 800.0),
    _pure("endplate_cartilage", 0.70, 1000.0, 30.0),
    _pure("inner_annulus", 0.80, 1000.0, 75.0),
    _pure("liver", 0.75, 586.0, 46.0),
    _pure("bowel_wall", 0.75, 1000.0, 48.0),
    _pure("bowel_fluid", 0.92, 2200.0, 300.0),
    _pure("gas", 0.0, 1000.0, 1.0),
    _pure("interspinous", 0.45, 800.0, 15.0),
)

LABEL: dict[str, int] = {t.name: i for i, t in enumerate(TISSUES)}
