"""Sequence recognition: vendor header combinations, the known traps, and the triple."""

from __future__ import annotations

import pytest

from ilc_viewer.study.model import SEQUENCE_LABELS, AcquisitionParams, ImageRef, ImageSource, Series
from ilc_viewer.study.sequences import classify_series, fat_null_ti
from ilc_viewer.study.triple import choose_triple

SAG = (0.0, 1.0, 0.0, 0.0, 0.0, -1.0)


def mr(description: str = "", *, modality: str = "MR", images: int = 15, plane: str = "sagittal",
       frame: str = "1.2.3", study: str = "9.9", number: int | None = None,
       image_type: tuple[str, ...] = ("ORIGINAL", "PRIMARY", "M", "ND"), **params) -> Series:
    """A series as the loader would build it, with ``images`` slices and these header values."""
    uid = f"1.2.{description}.{number}.{images}.{frame}.{plane}.{sorted(params.items())}"
    refs = [
        ImageRef(source=ImageSource(path=f"/cd/{i}.dcm"), sop_instance_uid=f"{uid}.{i}",  # type: ignore[arg-type]
                 rows=256, columns=256, position=(float(i * 4), 0.0, 0.0), orientation=SAG,
                 image_type=image_type)
        for i in range(images)
    ]
    return Series(key=uid, series_uid=uid, study_uid=study, modality=modality, number=number,
                  description=description, frame_of_reference_uid=frame, plane=plane,
                  images=refs,
                  params=AcquisitionParams(series_description=description, image_type=image_type,
                                           **params))


def label(series: Series) -> str:
    return classify_series(series)[0]


SE = ("SE",)
SEIR = ("SE", "IR")

# (manufacturer-style header, expected label): descriptions, protocol names and timing as the
# scanners of Siemens, GE, Philips, Canon (Toshiba) and Hitachi write them.
VENDOR_TABLE = [
    # Siemens
    (dict(description="t1_tse_sag", scanning_sequence=SE, sequence_variant=("SK", "SP", "OSP"),
          sequence_name="*tse2d1_3", repetition_time=600, echo_time=9.6, inversion_time=0,
          field_strength=1.5, echo_train_length=3, manufacturer="SIEMENS"), "T1"),
    (dict(description="t2_tse_sag", scanning_sequence=SE, sequence_variant=("SK", "SP", "OSP"),
          sequence_name="*tse2d1_15", repetition_time=3500, echo_time=96, field_strength=1.5,
          echo_train_length=15, manufacturer="SIEMENS"), "T2"),
    (dict(description="tirm_sag", scanning_sequence=SEIR, sequence_variant=("SK", "SP", "MP"),
          sequence_name="*tir2d1_15", repetition_time=4000, echo_time=41, inversion_time=150,
          field_strength=1.5), "STIR"),
    (dict(description="t2_tirm_sag_3T", scanning_sequence=SEIR, sequence_name="*tir2d1_13",
          repetition_time=4500, echo_time=48, inversion_time=230, field_strength=3.0), "STIR"),
    (dict(description="t2_tirm_tra_dark-fluid", scanning_sequence=SEIR,
          sequence_name="*tir2d1_21", repetition_time=9000, echo_time=99, inversion_time=2500,
          field_strength=1.5), "FLAIR"),
    (dict(description="t1_fl2d_sag", scanning_sequence=("GR",), sequence_variant=("SP",),
          sequence_name="*fl2d1", repetition_time=250, echo_time=2.5, flip_angle=70,
          field_strength=1.5), "T1"),
    (dict(description="t2_me2d_tra", scanning_sequence=("GR",), sequence_variant=("SP",),
          sequence_name="*me2d1r3", repetition_time=600, echo_time=18, flip_angle=30), "T2*"),
    (dict(description="ep2d_diff_tra", scanning_sequence=("EP",), sequence_variant=("SK", "SP"),
          sequence_name="*ep_b1000t", repetition_time=5000, echo_time=80,
          diffusion_b_value=1000), "DWI"),
    (dict(description="ep2d_diff_tra_ADC", scanning_sequence=("EP",),
          image_type=("DERIVED", "PRIMARY", "DIFFUSION", "ADC")), "ADC"),
    (dict(description="localizer", scanning_sequence=("GR",), repetition_time=8.6,
          echo_time=4, flip_angle=20, image_type=("ORIGINAL", "PRIMARY", "M", "NORM")),
     "LOCALIZER"),
    (dict(description="t2_space_sag_p2", scanning_sequence=SE, sequence_name="*spc_314ns",
          repetition_time=1500, echo_time=127, field_strength=3.0), "T2"),
    (dict(description="t1_mprage_sag", scanning_sequence=("GR", "IR"),
          sequence_variant=("SK", "SP", "MP"), sequence_name="*tfl3d1_16ns",
          repetition_time=2300, echo_time=2.3, inversion_time=900, flip_angle=8,
          field_strength=3.0), "T1"),
    (dict(description="t2_haste_myelo", scanning_sequence=SE, sequence_name="*h2d1_256",
          repetition_time=4500, echo_time=740), "T2"),
    (dict(description="ep2d_bold_moco", scanning_sequence=("EP",), sequence_name="*epfid2d1_64",
          repetition_time=2000, echo_time=30, flip_angle=90), "EPI"),
    # GE
    (dict(description="Sag T2 FSE", scanning_sequence=SE, sequence_variant=("SK", "OSP"),
          scan_options=("FAST_GEMS", "EDR_GEMS"), repetition_time=3800, echo_time=102,
          field_strength=1.5, manufacturer="GE MEDICAL SYSTEMS"), "T2"),
    (dict(description="SAG FSE T1", scanning_sequence=SE, sequence_variant=("SK", "OSP"),
          scan_options=("FAST_GEMS",), repetition_time=480, echo_time=10), "T1"),
    (dict(description="Sag STIR", scanning_sequence=SEIR, scan_options=("IR_GEMS", "FAST_GEMS"),
          repetition_time=3500, echo_time=42, inversion_time=150, field_strength=1.5), "STIR"),
    (dict(description="AX T2 FRFSE", scanning_sequence=SE, sequence_name="frfse-xl",
          repetition_time=4200, echo_time=110), "T2"),
    (dict(description="3-pl loc", scanning_sequence=("GR",), repetition_time=5, echo_time=1.6,
          flip_angle=30), "LOCALIZER"),
    (dict(description="Sag T2 FS", scanning_sequence=SE, scan_options=("FS", "FAST_GEMS"),
          repetition_time=4000, echo_time=85), "T2"),
    (dict(description="SAG T1 +C FS", scanning_sequence=SE, scan_options=("FS",),
          repetition_time=520, echo_time=12, contrast_agent="GADAVIST"), "T1"),
    (dict(description="Ax 3D FIESTA-C", scanning_sequence=("GR",), sequence_variant=("SS",),
          sequence_name="fiesta", repetition_time=5.2, echo_time=2.3, flip_angle=55), "OTHER"),
    # Philips
    (dict(description="T2W_TSE_SAG", protocol_name="WIP T2W_TSE_SAG", scanning_sequence=SE,
          sequence_variant=("SK",), repetition_time=3000, echo_time=120,
          manufacturer="Philips Medical Systems"), "T2"),
    (dict(description="T1W_TSE_SAG", scanning_sequence=SE, sequence_variant=("SK",),
          repetition_time=450, echo_time=8), "T1"),
    (dict(description="STIR_SAG", scanning_sequence=SEIR, sequence_variant=("SK", "MP"),
          repetition_time=3000, echo_time=60, inversion_time=165, field_strength=1.5), "STIR"),
    (dict(description="sT2W/FS", scanning_sequence=SE, scan_options=("FS",),
          repetition_time=3200, echo_time=90), "T2"),
    (dict(description="Survey", scanning_sequence=("GR",), repetition_time=11, echo_time=4.6,
          flip_angle=15), "LOCALIZER"),
    (dict(description="PDW_TSE_SAG", scanning_sequence=SE, repetition_time=3000,
          echo_time=25), "PD"),
    (dict(description="T2*W_FFE", scanning_sequence=("GR",), repetition_time=700, echo_time=18,
          flip_angle=18), "T2*"),
    (dict(description="DWI_SAG", scanning_sequence=("SE", "EP"), repetition_time=3000,
          echo_time=70, diffusion_b_value=800), "DWI"),
    # Canon (Toshiba)
    (dict(description="Sag T2 FSE", protocol_name="L-SPINE", scanning_sequence=SE,
          repetition_time=3500, echo_time=96, manufacturer="CANON_MEC"), "T2"),
    (dict(description="Sag STIR", scanning_sequence=("IR",), repetition_time=5000,
          echo_time=60, inversion_time=160, manufacturer="TOSHIBA"), "STIR"),
    (dict(description="T1WI SAG", scanning_sequence=SE, repetition_time=500, echo_time=12),
     "T1"),
    # Hitachi (many 0.3 T open magnets in Japan: short fat-null TI)
    (dict(description="T2WI_SAG", scanning_sequence=SE, repetition_time=3800, echo_time=110,
          field_strength=0.3, manufacturer="Hitachi Medical Corporation"), "T2"),
    (dict(description="STIR_SAG", scanning_sequence=("IR",), repetition_time=3000,
          echo_time=25, inversion_time=100, field_strength=0.3), "STIR"),
    (dict(description="T1WI_SAG", scanning_sequence=SE, repetition_time=450, echo_time=14,
          field_strength=0.3), "T1"),
    (dict(description="Scanogram", scanning_sequence=("GR",)), "LOCALIZER"),
    # Enhanced MR (no classic Scanning Sequence): the enhanced attributes decide
    (dict(description="", echo_pulse_sequence="SPIN", inversion_recovery="YES",
          repetition_time=4000, echo_time=50, inversion_time=170, field_strength=1.5), "STIR"),
    (dict(description="", echo_pulse_sequence="SPIN", inversion_recovery="NO",
          repetition_time=4000, echo_time=100), "T2"),
]


@pytest.mark.parametrize(("header", "expected"), VENDOR_TABLE,
                         ids=[f"{h.get('description') or 'enhanced'}-{e}"
                              for h, e in VENDOR_TABLE])
def test_vendor_headers(header: dict, expected: str) -> None:
    header = dict(header)
    series = mr(header.pop("description"), **header)
    got, reason = classify_series(series)
    assert got == expected, reason
    assert got in SEQUENCE_LABELS
    assert reason.strip()


def test_table_is_large_and_covers_labels() -> None:
    assert len(VENDOR_TABLE) >= 30
    assert {e for _, e in VENDOR_TABLE} >= {"T1", "T2", "STIR", "PD", "FLAIR", "T2*", "DWI",
                                            "ADC", "EPI", "LOCALIZER", "OTHER"}


# --- the known traps -------------------------------------------------------------------


def test_gradient_echo_with_short_tr_te_is_not_t1() -> None:
    # TR 30 / TE 10 would read as "short TR, short TE = T1" on a spin echo.
    s = mr("", scanning_sequence=("GR",), repetition_time=30, echo_time=10, flip_angle=15)
    got, reason = classify_series(s)
    assert got == "T2*"
    assert "gradient echo" in reason


def test_gradient_echo_large_flip_is_t1() -> None:
    s = mr("", scanning_sequence=("GR",), sequence_variant=("SP",), repetition_time=200,
           echo_time=4.6, flip_angle=70)
    assert label(s) == "T1"


def test_3d_gradient_echo_small_flip_at_very_short_tr_is_t1() -> None:
    # At TR 5 ms the Ernst angle of tissue is ~6°: a 10° VIBE / LAVA / THRIVE is T1-weighted.
    s = mr("", scanning_sequence=("GR",), sequence_variant=("SP",), repetition_time=5,
           echo_time=2.3, flip_angle=10)
    assert label(s) == "T1"
    # The same 10° at TR 300 ms is far below its Ernst angle: no T1 weighting.
    s = mr("", scanning_sequence=("GR",), sequence_variant=("SP",), repetition_time=300,
           echo_time=2.3, flip_angle=10)
    assert label(s) != "T1"


def test_real_siemens_vibe_header_from_pydicom_test_data() -> None:
    # The header values of pydicom's examples_overlay.dcm (an MPR of a dynamic VIBE): the T1
    # comes from the protocol name and the physics, contrast from Contrast/Bolus Agent.
    s = mr("marked lesion<MPR Collection>", protocol_name="t1_vibe_fs_tra_bh_dyn",
           sequence_name="*fl3d1", manufacturer="SIEMENS", scanning_sequence=("GR",),
           sequence_variant=("SP",), scan_options=("SAT2", "FS"), repetition_time=5.53,
           echo_time=2.81, flip_angle=10.0, field_strength=1.4939999580383,
           contrast_agent="11 ml Omniscan",
           image_type=("DERIVED", "SECONDARY", "MPR", "CSA MPR", "", "CSAPARALLEL", "M"))
    got, reason = classify_series(s)
    assert got == "T1"
    assert "t1_vibe_fs_tra_bh_dyn" in reason
    assert "post-contrast" in reason and "fat suppressed" in reason


def test_angiography_is_other() -> None:
    s = mr("ANGIO Projected from   C", scanning_sequence=("GR",), repetition_time=30,
           echo_time=6, flip_angle=35, image_type=("DERIVED", "SECONDARY", "PROJECTION IMAGE"))
    got, reason = classify_series(s)
    assert got == "OTHER" and "angiography" in reason


@pytest.mark.parametrize("name", ["3D CISS", "t2_trufi_sag", "FIESTA", "B-FFE", "TrueSSFP"])
def test_balanced_ssfp_by_name_is_not_t1_nor_t2(name: str) -> None:
    s = mr(name, scanning_sequence=("GR",), repetition_time=5, echo_time=2.5, flip_angle=60)
    got, reason = classify_series(s)
    assert got == "OTHER"
    assert "steady-state" in reason


def test_balanced_ssfp_by_physics_alone() -> None:
    # No telling name: GR + steady state + TE = TR/2 + large flip is a balanced SSFP.
    s = mr("", scanning_sequence=("GR",), sequence_variant=("SS",), repetition_time=4.4,
           echo_time=2.2, flip_angle=50)
    assert label(s) == "OTHER"
    # The same timing without steady state is a spoiled gradient echo: T1-weighted.
    s = mr("", scanning_sequence=("GR",), sequence_variant=("SP",), repetition_time=4.4,
           echo_time=2.2, flip_angle=50)
    assert label(s) == "T1"


def test_siemens_ciss_sequence_name() -> None:
    s = mr("3d_sag", scanning_sequence=("GR",), sequence_name="*ci3d1", repetition_time=5.4,
           echo_time=2.4, flip_angle=50)
    assert label(s) == "OTHER"


def test_spin_echo_with_ti_zero_is_not_inversion_recovery() -> None:
    t1 = mr("", scanning_sequence=SE, repetition_time=500, echo_time=10, inversion_time=0)
    t2 = mr("", scanning_sequence=SE, repetition_time=4000, echo_time=100, inversion_time=0.0)
    assert classify_series(t1)[0] == "T1"
    assert "inversion" not in classify_series(t1)[1]
    assert label(t2) == "T2"


def test_stir_and_flair_decided_by_ti_against_field_strength() -> None:
    stir_15 = mr("", scanning_sequence=SEIR, repetition_time=4000, echo_time=50,
                 inversion_time=150, field_strength=1.5)
    stir_3 = mr("", scanning_sequence=SEIR, repetition_time=4000, echo_time=50,
                inversion_time=240, field_strength=3.0)
    flair = mr("", scanning_sequence=SEIR, repetition_time=9000, echo_time=110,
               inversion_time=2300, field_strength=1.5)
    got, reason = classify_series(stir_15)
    assert got == "STIR"
    assert "150 ms" in reason and "1.5 T" in reason and "fat" in reason
    assert label(stir_3) == "STIR"
    assert classify_series(flair)[0] == "FLAIR"
    # A 3 T STIR TI is far past fat's null point at 0.3 T: there it is no STIR.
    low_field = mr("", scanning_sequence=SEIR, repetition_time=4000, echo_time=20,
                   inversion_time=600, field_strength=0.3)
    assert label(low_field) == "T1"


def test_fat_null_ti_grows_with_field() -> None:
    assert fat_null_ti(0.3) < fat_null_ti(1.0) < fat_null_ti(1.5) < fat_null_ti(3.0)
    assert 140 <= fat_null_ti(1.5) <= 180
    assert 200 <= fat_null_ti(3.0) <= 250


def test_stir_without_field_strength_assumes_1_5_t_and_says_so() -> None:
    got, reason = classify_series(mr("", scanning_sequence=SEIR, repetition_time=3500,
                                     echo_time=40, inversion_time=160))
    assert got == "STIR"
    assert "assumed 1.5 T" in reason


def test_description_stir_with_missing_ti_is_stir() -> None:
    s = mr("SAG STIR", scanning_sequence=SE, repetition_time=4000, echo_time=60,
           inversion_time=0)
    got, reason = classify_series(s)
    assert got == "STIR"
    assert "no inversion time" in reason


def test_description_flair_with_short_ti_is_t1_flair() -> None:
    got, reason = classify_series(mr("Sag T1 FLAIR", scanning_sequence=SEIR,
                                     repetition_time=2000, echo_time=10, inversion_time=860,
                                     field_strength=1.5))
    assert got == "T1"
    assert "T1 FLAIR" in reason
    # A plain "FLAIR" description but a TI in the T1 range: still T1 by timing.
    got, reason = classify_series(mr("FLAIR", scanning_sequence=SEIR, repetition_time=2200,
                                     echo_time=9, inversion_time=800, field_strength=1.5))
    assert got == "T1"


@pytest.mark.parametrize("description,agent", [
    ("SAG T1 +C", ""), ("t1_tse_sag_POST", ""), ("T1 GD SAG", ""), ("T1W_TSE", "Gadovist"),
])
def test_post_contrast_t1_is_t1(description: str, agent: str) -> None:
    s = mr(description, scanning_sequence=SE, repetition_time=550, echo_time=10,
           contrast_agent=agent)
    got, reason = classify_series(s)
    assert got == "T1"
    assert "post-contrast" in reason


@pytest.mark.parametrize("description", ["t1_tse_sag", "T1 SAG POST-OP", "t1_sag_postop"])
def test_pre_contrast_t1_does_not_say_post_contrast(description: str) -> None:
    # "post-op" (after surgery) is common in a spine clinic and is not "post-contrast".
    assert "post-contrast" not in classify_series(
        mr(description, scanning_sequence=SE, repetition_time=550, echo_time=10))[1]


def test_derived_adc_map_is_adc_not_dwi() -> None:
    s = mr("ep2d_diff_tra", scanning_sequence=("EP",), diffusion_b_value=1000,
           image_type=("DERIVED", "PRIMARY", "DIFFUSION", "ADC"))
    got, reason = classify_series(s)
    assert got == "ADC"
    assert "derived" in reason
    # The trace-weighted images of the same acquisition are DWI.
    trace = mr("ep2d_diff_tra", scanning_sequence=("EP",), diffusion_b_value=1000,
               image_type=("DERIVED", "PRIMARY", "DIFFUSION", "TRACEW"))
    assert label(trace) == "DWI"


def test_t2_fat_sat_is_t2_not_stir() -> None:
    fs = mr("Sag T2 FS", scanning_sequence=SE, scan_options=("FS",), repetition_time=4000,
            echo_time=85)
    got, reason = classify_series(fs)
    assert got == "T2"
    assert "fat suppressed" in reason
    # SPAIR inverts fat with a short TI too; the name tells it is a T2 with fat saturation.
    spair = mr("t2_tse_spair_sag", scanning_sequence=SEIR, scan_options=("FS",),
               repetition_time=4000, echo_time=90, inversion_time=110, field_strength=1.5)
    got, reason = classify_series(spair)
    assert got == "T2"
    assert "not STIR" in reason


def test_proton_density_by_timing() -> None:
    got, reason = classify_series(mr("", scanning_sequence=SE, repetition_time=3000,
                                     echo_time=20))
    assert got == "PD"
    assert "long TR and short TE" in reason


@pytest.mark.parametrize("description", ["localizer", "AAHead_Scout", "Survey_MST", "3-pl loc",
                                         "3 Plane Localizer", "SCOUT", "3-plane"])
def test_localizer_by_description(description: str) -> None:
    # Timing of a localizer looks like any gradient echo: the name decides.
    s = mr(description, scanning_sequence=("GR",), repetition_time=8, echo_time=4,
           flip_angle=20)
    assert label(s) == "LOCALIZER"


def test_localizer_by_image_type() -> None:
    s = mr("t2_tse_sag", scanning_sequence=SE, repetition_time=4000, echo_time=100,
           image_type=("ORIGINAL", "PRIMARY", "LOCALIZER"))
    assert label(s) == "LOCALIZER"


def test_strong_timing_wins_over_a_wrong_description_and_says_so() -> None:
    s = mr("t1_tse_sag copy", scanning_sequence=SE, repetition_time=4000, echo_time=100)
    got, reason = classify_series(s)
    assert got == "T2"
    assert "timing wins" in reason


def test_gradient_echo_named_t2_is_t2_star() -> None:
    got, reason = classify_series(mr("T2 FFE", scanning_sequence=("GR",), repetition_time=600,
                                     echo_time=14, flip_angle=20))
    assert got == "T2*"
    assert "gradient echo" in reason


def test_inversion_recovery_without_ti() -> None:
    # Siemens turbo IR by sequence name, TI missing: neither STIR nor FLAIR can be claimed...
    bare = mr("", sequence_name="*tir2d1_15", repetition_time=4000, echo_time=40)
    got, reason = classify_series(bare)
    assert got == "OTHER"
    assert "without a stored TI" in reason
    # ...unless the description says which one it is.
    named = mr("SAG STIR", sequence_name="*tir2d1_15", repetition_time=4000, echo_time=40)
    got, reason = classify_series(named)
    assert got == "STIR"
    assert "no TI" in reason


def test_description_alone_and_nothing_at_all() -> None:
    assert label(mr("Sag T2 FSE")) == "T2"
    assert label(mr("T1W_TSE_SAG")) == "T1"
    got, reason = classify_series(mr(""))
    assert got == "OTHER"
    assert reason


def test_non_mr_is_other() -> None:
    got, reason = classify_series(mr("L-SPINE", modality="CT"))
    assert got == "OTHER"
    assert "CT" in reason


# --- the triple ------------------------------------------------------------------------


def classified(*series: Series) -> list[Series]:
    for s in series:
        s.sequence, s.sequence_reason = classify_series(s)
    return list(series)


T1 = dict(scanning_sequence=SE, repetition_time=550, echo_time=10)
T2 = dict(scanning_sequence=SE, repetition_time=3500, echo_time=100)
STIR = dict(scanning_sequence=SEIR, repetition_time=4000, echo_time=50, inversion_time=150,
            field_strength=1.5)


def test_triple_prefers_complete_sagittal_set() -> None:
    series = classified(
        mr("localizer", number=1, scanning_sequence=("GR",)),
        mr("t2_tse_tra", number=2, plane="axial", images=30, **T2),
        mr("t1_tse_tra", number=3, plane="axial", images=30, **T1),
        mr("t1_tse_sag", number=4, **T1),
        mr("t2_tse_sag", number=5, **T2),
        mr("tirm_sag", number=6, **STIR),
    )
    triple = choose_triple(series)
    assert [triple[k].number for k in ("T1", "T2", "STIR")] == [4, 5, 6]  # type: ignore[union-attr]


def test_triple_never_takes_localizers_maps_or_other_modalities() -> None:
    series = classified(
        mr("t2 scout", number=1, images=40, image_type=("ORIGINAL", "PRIMARY", "LOCALIZER"),
           **T2),
        mr("T2 sag", number=2, images=40, modality="CT", **T2),
        mr("t2_tse_sag_MIP", number=3, images=40, image_type=("DERIVED", "SECONDARY", "MIP"),
           **T2),
        mr("t2_tse_sag", number=4, images=12, **T2),
    )
    triple = choose_triple(series)
    assert triple["T2"] is series[3]
    assert triple["T1"] is None and triple["STIR"] is None


def test_triple_keeps_one_frame_of_reference() -> None:
    # T1 and T2 in one frame of reference, STIR in another (patient got up in between):
    # the complete set across frames is not allowed; the two-of-three set wins.
    series = classified(
        mr("t1_tse_sag", number=1, frame="A", **T1),
        mr("t2_tse_sag", number=2, frame="A", **T2),
        mr("tirm_sag", number=3, frame="B", images=30, **STIR),
    )
    triple = choose_triple(series)
    assert triple["T1"] is series[0] and triple["T2"] is series[1]
    assert triple["STIR"] is None


def test_triple_prefers_sagittal_then_most_slices() -> None:
    axial = classified(mr("t1 ax", plane="axial", images=40, **T1),
                       mr("t2 ax", plane="axial", images=40, **T2),
                       mr("stir ax", plane="axial", images=40, **STIR))
    sag = classified(mr("t1 sag", images=11, **T1), mr("t2 sag", images=11, **T2),
                     mr("stir sag", images=11, **STIR))
    triple = choose_triple(axial + sag)
    assert all(s.plane == "sagittal" for s in triple.values() if s is not None)
    thin = classified(mr("t2 sag a", number=7, images=11, **T2),
                      mr("t2 sag b", number=8, images=19, **T2))
    assert choose_triple(thin)["T2"] is thin[1]


def test_triple_prefers_pre_contrast_t1_and_plain_t2() -> None:
    series = classified(
        mr("t1_tse_sag", number=3, **T1),
        mr("t1_tse_sag +C", number=9, images=20, **T1),
        mr("t2_tse_sag_fs", number=4, images=20, scan_options=("FS",), **T2),
        mr("t2_tse_sag", number=5, **T2),
        mr("tirm_sag", number=6, **STIR),
    )
    triple = choose_triple(series)
    assert triple["T1"] is series[0]
    assert triple["T2"] is series[3]


def test_triple_classifies_unlabelled_series_itself() -> None:
    series = [mr("t1_tse_sag", **T1), mr("t2_tse_sag", **T2), mr("STIR_SAG", **STIR)]
    triple = choose_triple(series)
    assert triple["T1"] is series[0] and triple["T2"] is series[1] and triple["STIR"] is series[2]


def test_triple_of_nothing() -> None:
    assert choose_triple([]) == {"T1": None, "T2": None, "STIR": None}
    empty = mr("t2_tse_sag", images=0, **T2)
    assert choose_triple([empty]) == {"T1": None, "T2": None, "STIR": None}
