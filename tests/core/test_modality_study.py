"""X-ray, fluoroscopy and ultrasound studies: how they are grouped, opened, played and shown.

Built with the modality writers (a CR pair, an XA run, an ultrasound clip with a calibrated
region, a palette still) and pydicom's own files.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from pydicom import dcmread
from pydicom.data import get_testdata_file, get_testdata_files
from pydicom.encaps import encapsulate

from ilc_viewer.dicom.index import scan
from ilc_viewer.errors import DecodeError
from ilc_viewer.open_study.opened import open_path
from ilc_viewer.scene.panel import build_scene
from ilc_viewer.study.cine import DEFAULT_FPS, next_frame, playback_rate
from ilc_viewer.study.modality import is_clip
from ilc_viewer.study.model import CineTiming
from ilc_viewer.study.pixels import FrameCache, SeriesVolume
from tests.core import picture_files as pf
from tests.core.dicom_factory import write_series


def test_an_x_ray_pair_has_no_geometry_warning_and_opens_side_by_side(tmp_path: Path) -> None:
    pf.write_xray_pair(tmp_path)
    index = scan(tmp_path)
    series = index.all_series()
    # one series of two views: each view its own series, in instance order
    assert [s.images[0].view_position for s in series] == ["AP", "LAT"]
    for s in series:
        assert s.sequence == "XR" and s.geometry is None and s.warnings == []
        assert any("not linked" in note for note in s.notes)
    opened = open_path(tmp_path)
    assert opened.state.layout == "1x2" and opened.missing == {} and opened.notes == []
    views = [opened.state.panes[p].image.view_position for p in opened.state.visible_panes]
    assert views == ["AP", "LAT"]


def test_views_of_one_series_without_view_position_get_a_pane_each(tmp_path: Path) -> None:
    for path in pf.write_xray_pair(tmp_path):
        ds = dcmread(path)
        del ds.ViewPosition
        ds.Rows, ds.Columns = 40, 30  # same size: nothing tells the two apart but the number
        ds.PixelData = pf.stored_xray(40, 30).tobytes()
        ds.save_as(path, enforce_file_format=True)
    (series,) = scan(tmp_path).all_series()
    assert len(series.images) == 2
    opened = open_path(tmp_path)
    panes = opened.state.panes
    assert opened.state.layout == "1x2"
    assert (panes[0].series, panes[1].series) == (series, series)
    assert (panes[0].slice_index, panes[1].slice_index) == (0, 1)
    opened.state.set_slice(0, 1)
    assert panes[1].slice_index == 1 and panes[0].slice_index == 1  # not linked


def test_a_fluoroscopy_run_is_one_clip_in_frame_order_with_its_speed(tmp_path: Path) -> None:
    pf.write_fluoroscopy(tmp_path, count=10, fps=15.0)
    (series,) = scan(tmp_path).all_series()
    assert series.sequence == "FLUORO" and is_clip(series) and series.warnings == []
    volume = SeriesVolume(series, FrameCache())
    assert [int(volume.frame(k)[0, 0]) for k in range(10)] == list(range(10))
    rate = playback_rate(series, 3)
    assert rate.source == "display_rate" and rate.fps == pytest.approx(15.0)
    opened = open_path(tmp_path)
    scene = build_scene(opened, 0, (400, 300))
    assert "Frame 6 / 10   15 frames/s" in [t.text for t in scene.texts()]


def test_playback_rate_takes_the_display_rate_then_cine_rate_then_frame_times(
        tmp_path: Path) -> None:
    pf.write_fluoroscopy(tmp_path, count=4)
    (series,) = scan(tmp_path).all_series()
    cases = [
        (CineTiming(40.0, (), 12.0, 25.0), "display_rate", 25.0),
        (CineTiming(40.0, (), 12.0, None), "cine_rate", 12.0),
        (CineTiming(40.0, (0.0, 100.0, 50.0, 20.0), None, None), "frame_time_vector", None),
        (CineTiming(40.0, (), None, None), "frame_time", 25.0),
        (CineTiming(None, (), 5000.0, None), "default", DEFAULT_FPS),  # not believable
    ]
    for cine, source, fps in cases:
        for image in series.images:
            image.cine = cine
        rate = playback_rate(series, 1)
        assert rate.source == source
        if fps is not None:
            assert rate.fps == pytest.approx(fps)
    # a Frame Time Vector gives each frame its own time to the next one
    for image in series.images:
        image.cine = cases[2][0]
    assert [playback_rate(series, k).interval_ms for k in range(3)] == [100.0, 50.0, 20.0]


def test_next_frame_loops_or_stops_at_the_end() -> None:
    assert [next_frame(k, 4) for k in range(4)] == [1, 2, 3, 0]
    assert next_frame(3, 4, loop=False) is None and next_frame(0, 4, step=-1) == 3
    assert next_frame(0, 0) is None


def test_an_ultrasound_clip_plays_and_its_ruler_measures_in_its_region(tmp_path: Path) -> None:
    from ilc_viewer.annotations.measure import ruler_text
    from ilc_viewer.annotations.model import from_pixels, ruler_unavailable_reason

    pf.write_ultrasound_clip(tmp_path, count=6)
    (series,) = scan(tmp_path).all_series()
    assert series.sequence == "US" and is_clip(series) and len(series.images) == 6
    assert playback_rate(series, 0).fps == pytest.approx(30.0, rel=1e-3)
    image = series.images[0]
    assert image.photometric_interpretation == "YBR_FULL_422" and image.regions
    assert ruler_unavailable_reason(series) is None
    inside = from_pixels("ruler", [(10.0, 10.0), (10.0, 40.0)], series, 2)
    assert ruler_text(inside, series) == "3.0 mm"  # 30 pixels of 0.01 cm
    assert ruler_text(inside, series, "ja") == "3.0 mm"
    leaving = from_pixels("ruler", [(10.0, 10.0), (10.0, 60.0)], series, 2)  # x 60 > x1 55
    assert ruler_text(leaving, series) == "outside the measured area"


def test_an_x_ray_ruler_says_it_measures_at_the_detector(tmp_path: Path) -> None:
    from ilc_viewer.annotations.model import display_text, from_pixels

    pf.write_xray_pair(tmp_path)
    series = scan(tmp_path).all_series()[0]
    ruler = from_pixels("ruler", [(0.0, 0.0), (30.0, 40.0)], series, 0)  # 50 px of 0.2 mm
    assert display_text(ruler, None, "en", series) == "10.0 mm at the detector"
    assert display_text(ruler, None, "ja", series) == "検出器上で 10.0 mm"


def test_a_syntax_no_decoder_reads_says_so_and_the_study_loads(tmp_path: Path) -> None:
    # an ultrasound clip as H.264 video: listed, said in one line, the rest shown
    clip = pf.write_ultrasound_clip(tmp_path)
    ds = dcmread(clip)
    ds.file_meta.TransferSyntaxUID = "1.2.840.10008.1.2.4.102"  # MPEG-4 AVC/H.264
    ds.PixelData = encapsulate([b"\x00\x00\x00\x01" + bytes(64)])
    ds.SeriesInstanceUID, ds.SOPInstanceUID = ds.SeriesInstanceUID + ".9", "1.2.3.4.5.6.7"
    ds.save_as(tmp_path / "video.dcm", enforce_file_format=True)
    index = scan(tmp_path)
    assert index.skipped == []
    video = next(s for s in index.all_series() if s.images[0].source.path.name == "video.dcm")
    assert len(video.images) == 1  # one stream: not frames that could each be checked
    with pytest.raises(DecodeError) as info:
        SeriesVolume(video, FrameCache()).frame(0)
    message = str(info.value)
    assert "MPEG-4 AVC/H.264" in message and "video.dcm" in message
    assert "no decoder here reads images compressed this way" in message
    assert "\n" not in message
    good = next(s for s in index.all_series() if s is not video)
    assert SeriesVolume(good, FrameCache()).frame(0).shape == (48, 64, 3)


def test_no_colour_file_of_pydicom_is_refused_any_more() -> None:
    files = sorted(p for p in get_testdata_files() if os.path.isfile(p))
    index = scan(Path(os.path.commonpath(files)))
    refused = [s for s in index.skipped if "colour" in s.reason.lower()]
    assert refused == []
    shown = {im.source.display_name for s in index.all_series() for im in s.images}
    for name in ("examples_palette.dcm", "examples_ybr_color.dcm", "examples_rgb_color.dcm",
                 "examples_jpeg2k.dcm", "ExplVR_BigEnd.dcm"):
        assert get_testdata_file(name) in shown
    clip = next(s for s in index.all_series()
                if s.images[0].source.path.name == "examples_ybr_color.dcm")
    assert is_clip(clip) and len(clip.images) == 30


def test_a_panel_of_pictures_says_why_it_is_not_linked_in_both_languages(
        tmp_path: Path) -> None:
    pf.write_xray_pair(tmp_path, size=(400, 300))  # 8 x 6 cm: a scale bar fits
    opened = open_path(tmp_path)
    scene = build_scene(opened, 0, (500, 700))
    texts = [t.text for t in scene.texts()]
    assert "X-ray  AP (front)" in texts and "not_linked" in scene.boxes
    joined = " ".join(texts)
    assert "Not linked:" in joined and "shadow picture" in joined
    assert any(t.endswith("at the detector") for t in texts)
    assert {"letter_left", "letter_right"} <= set(scene.boxes)  # from Patient Orientation
    assert [t for t in texts if t in ("R", "L")] == ["R", "L"]
    assert any(t.startswith("X-ray: bones") for t in texts)  # the caption
    opened.state.set_language("ja")
    japanese = " ".join(t.text for t in build_scene(opened, 0, (500, 700)).texts())
    assert "連動なし" in japanese and "検出器上" in japanese and "X線" in japanese


def test_a_missing_triple_pane_shows_the_studys_pictures(tmp_path: Path) -> None:
    write_series(tmp_path / "mr", 4, study_uid=pf.PATIENT.study_uid)  # T2 only
    pf.write_ultrasound_clip(tmp_path / "us")
    opened = open_path(tmp_path)
    sequences = [opened.state.panes[p].sequence for p in range(3)]
    assert sequences == ["US", "T2", ""]
    assert opened.missing == {2: "STIR"}


def test_a_large_detector_image_is_windowed_on_a_reduced_level_when_zoomed_out(
        tmp_path: Path) -> None:
    from ilc_viewer.display.pyramid import halve, level_for
    from ilc_viewer.samples import pictures
    from tests.core.dicom_factory import write

    rng = np.random.default_rng(2)
    big = rng.integers(0, 4096, (1500, 1400), dtype=np.uint16)
    ds = pictures.radiograph(big, pf.PATIENT, view="AP", orientation=["L", "F"],
                             series_uid="1.2.3.4.99", key="big")
    write(ds, tmp_path / "big.dcm")
    opened = open_path(tmp_path)
    full = opened.picture(0, 1.0)
    assert full.factor == 1 and full.pixels.shape == (1500, 1400)
    small = opened.picture(0, 0.3)  # 0.3 screen pixels per image pixel: one halving
    assert level_for(big.shape, 0.3) == 1 and small.factor == 2
    assert small.pixels.shape == (750, 700)
    half = halve(big)
    expected = ((big[0::2, 0::2].astype(np.uint32) + big[1::2, 0::2] + big[0::2, 1::2]
                 + big[1::2, 1::2]) // 4).astype(np.uint16)
    assert np.array_equal(half, expected)
    from ilc_viewer.display import window_to_uint8

    state = opened.state.panes[0]
    assert np.array_equal(small.pixels, window_to_uint8(half, state.window, True))
    # zoomed out further, the scene's picture still covers the whole image
    scene = build_scene(opened, 0, (300, 300))
    picture = scene.picture
    assert picture is not None and picture.pixels.shape[0] < 1500
    assert picture.sx * picture.pixels.shape[1] == pytest.approx(
        scene.view.image_box()[2] - scene.view.image_box()[0], rel=0.01)


@pytest.fixture
def pictures_study(tmp_path: Path) -> Path:
    pf.write_xray_pair(tmp_path)
    pf.write_fluoroscopy(tmp_path)
    return tmp_path


def test_the_current_frame_of_a_clip_is_what_is_exported(pictures_study: Path) -> None:
    from ilc_viewer.export.render import render
    from ilc_viewer.samples.dicom_writer import uid

    opened = open_path(pictures_study, layout=["fluoro", "xr"])
    assert opened.state.panes[0].series.series_uid == uid("test-pictures", "xa")
    opened.go_to(slice_number=7)
    rendering = render(opened)
    assert rendering.notes == []
    texts = " ".join(t.text for scene in rendering.scenes for t in scene.texts())
    assert "Frame 7 / 10" in texts
    from ilc_viewer.display import window_to_uint8

    pane = opened.state.panes[0]
    values = opened.frames.frame(pane.series, 6)
    assert values[0, 0] == 6  # the seventh frame
    expected = window_to_uint8(values, pane.window)
    assert np.array_equal(rendering.scenes[0].picture.pixels, expected)


@pytest.mark.parametrize("kind", ["cr", "dx", "xa", "us", "palette", "cr implicit"])
def test_picture_headers_read_the_same_by_the_fast_scan_and_by_pydicom(
        kind: str, tmp_path: Path, monkeypatch) -> None:
    from tests.core.test_dicom_index_fast_headers import both_ways, scanned

    if kind in ("cr", "dx", "cr implicit"):
        path = pf.write_xray_pair(tmp_path, kind[:2].upper())[0]
    else:
        path = {"xa": pf.write_fluoroscopy, "us": pf.write_ultrasound_clip,
                "palette": pf.write_palette}[kind](tmp_path)
    if kind == "cr implicit":  # no VRs written: the VOI LUT's data are 'US or OW'
        ds = dcmread(path)
        ds.file_meta.TransferSyntaxUID = "1.2.840.10008.1.2"
        ds.save_as(path, implicit_vr=True, little_endian=True, enforce_file_format=True)
    assert scanned(path)  # the fast scan reads it itself: the comparison is a real one
    fast, slow = both_ways(path, monkeypatch)
    assert fast == slow
    image = fast.images[0]
    facts = {"cr": image.voi_luts, "dx": image.presentation_lut_shape, "xa": image.cine,
             "us": image.regions, "palette": image.is_colour, "cr implicit": image.voi_luts}
    assert facts[kind]


def test_a_clip_played_through_stays_within_the_frame_cache(tmp_path: Path) -> None:
    from ilc_viewer.open_study.frames import FrameSource

    pf.write_fluoroscopy(tmp_path, count=10)
    (series,) = scan(tmp_path).all_series()
    frame_bytes = 32 * 48
    cache = FrameCache(max_bytes=3 * frame_bytes)
    frames = FrameSource(cache)
    for _loop in range(2):
        for k in range(10):
            assert int(frames.frame(series, k)[0, 0]) == k
            assert cache.nbytes <= 3 * frame_bytes
    assert len(cache) == 3


def test_compressed_pixels_under_an_uncompressed_syntax_are_never_shown(tmp_path: Path) -> None:
    # A rewritten file meta (found by the fuzzer): read as uncompressed, the JPEG bytes of
    # this 3x3 colour image would be enough to fill it with noise.
    source = Path(get_testdata_file("SC_rgb_small_odd_jpeg.dcm")).read_bytes()
    jpeg_baseline = b"1.2.840.10008.1.2.4.50"
    explicit_le = b"1.2.840.10008.1.2.1"
    assert jpeg_baseline in source  # padded to the same length: the file stays whole
    (tmp_path / "swapped.dcm").write_bytes(source.replace(
        jpeg_baseline, explicit_le.ljust(len(jpeg_baseline), b"\x00"), 1))
    assert dcmread(tmp_path / "swapped.dcm")["PixelData"].is_undefined_length
    (series,) = scan(tmp_path).all_series()
    image = series.images[0]
    assert image.damage is not None
    with pytest.raises(DecodeError, match="uncompressed, but it is compressed"):
        SeriesVolume(series, FrameCache()).frame(0)
