"""Annotations shared through a real Orthanc: store GSPS, KOS and SC; two workstations."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pydicom
import pytest

from ilc_viewer.annotations.model import to_pixels
from ilc_viewer.dicom.network import RetrieveCache, StudyQuery, find_studies, retrieve_study, store
from ilc_viewer.open_study.opened import open_path
from ilc_viewer.sharing import annotation_objects, annotation_saves
from tests.core.test_gsps import _every_kind
from tests.net.conftest import WORKSTATION_A, WORKSTATION_B, Pacs

CASE_A_ID = "ILC-DEMO-0001"


def _workstation(tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch) -> RetrieveCache:
    folder = tmp_path / name
    monkeypatch.setenv("ILC_VIEWER_DATA_DIR", str(folder))
    return RetrieveCache(folder / "server-cache")


def _open_from_server(pacs: Pacs, aet: str, cache: RetrieveCache):
    (match,) = find_studies(pacs.settings(aet), StudyQuery(patient_id=CASE_A_ID))
    result = retrieve_study(pacs.settings(aet), match.study_uid, cache)
    return result.folder, open_path(result.folder)


def test_gsps_kos_and_sc_are_stored_on_the_server(pacs: Pacs, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    cache = _workstation(tmp_path, "a", monkeypatch)
    _, opened = _open_from_server(pacs, WORKSTATION_A, cache)
    annotations = [replace(a, text=a.text.replace("\n", " ")) for a in _every_kind(opened)]
    shared = annotation_objects(opened, annotations=annotations)
    assert shared.notes == []
    result = store(pacs.settings(), shared.all())
    assert result.failed == []
    stored = {str(ds.SOPInstanceUID) for ds in shared.all()}
    assert set(result.stored) == stored
    on_server = {}
    for orthanc_id in pacs.server.instances():
        data = pacs.server.instance_file(orthanc_id)
        ds = pydicom.dcmread(pydicom.filebase.DicomBytesIO(data), stop_before_pixels=True)
        on_server[str(ds.SOPInstanceUID)] = str(ds.Modality)
    assert {on_server[uid] for uid in stored} == {"PR", "KO", "OT"}


def test_two_workstations_share_annotations_and_the_newest_save_wins(
        pacs: Pacs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Staff on workstation A annotate and save to the server.
    cache_a = _workstation(tmp_path, "a", monkeypatch)
    _, on_a = _open_from_server(pacs, WORKSTATION_A, cache_a)
    made_on_a = _every_kind(on_a)
    saved = annotation_objects(on_a, annotations=made_on_a)
    assert store(pacs.settings(WORKSTATION_A), saved.all()).failed == []

    # The doctor on workstation B (another data folder) retrieves the study and sees them.
    cache_b = _workstation(tmp_path, "b", monkeypatch)
    folder_b, on_b = _open_from_server(pacs, WORKSTATION_B, cache_b)
    newest = annotation_saves(folder_b, on_b.study)[0]
    assert newest.own and newest.series_instance_uid == \
        saved.presentation_states[0].SeriesInstanceUID
    seen_on_b = {a.id: a for a in newest.annotations()}
    assert set(seen_on_b) == {a.id for a in made_on_a}
    for a in made_on_a:
        b = seen_on_b[a.id]
        geometry = on_b.study.series_by_key(a.created_on.series_key).geometry
        assert (b.kind, b.text, b.phrase_id) == (a.kind, a.text, a.phrase_id)
        assert np.abs(np.subtract(to_pixels(b, geometry), to_pixels(a, geometry))).max() < 0.5

    # B edits one text and removes one annotation, then saves a newer presentation state.
    edited = [replace(b, text="dark disc, explained") if b.id == made_on_a[0].id else b
              for b in seen_on_b.values() if b.id != made_on_a[-1].id]
    resaved = annotation_objects(on_b, annotations=edited, capture=False)
    assert store(pacs.settings(WORKSTATION_B), resaved.all()).failed == []

    # A retrieves again: B's save is the newest, A's own is listed after it.
    folder_a, again = _open_from_server(pacs, WORKSTATION_A, cache_a)
    found = annotation_saves(folder_a, again.study)
    assert len(found) >= 2
    assert found[0].series_instance_uid == resaved.presentation_states[0].SeriesInstanceUID
    assert saved.presentation_states[0].SeriesInstanceUID in \
        {s.series_instance_uid for s in found[1:]}
    latest = {a.id: a for a in found[0].annotations()}
    assert latest[made_on_a[0].id].text == "dark disc, explained"
    assert made_on_a[-1].id not in latest
