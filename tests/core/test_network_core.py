"""Server settings, the retrieve cache (LRU) and "no server, no connection", without a server."""

from __future__ import annotations

import os
import socket
import time
from pathlib import Path

import pytest

from ilc_viewer.dicom.network import (
    NetworkError,
    RetrieveCache,
    ServerSettings,
    StudyQuery,
    echo,
    find_studies,
    parse_server,
)
from ilc_viewer.dicom.network.cache import PARTIAL_PREFIX, STALE_PARTIAL_S
from ilc_viewer.dicom.network.query import name_pattern, study_identifier


def test_settings_survive_a_round_trip_through_saved_strings() -> None:
    settings = ServerSettings(host="pacs.clinic", port=11112, called_aet="PACS",
                              calling_aet="DESK2", timeout=12.5, retrieve="move",
                              receive_port=11113)
    as_strings = {k: str(v) for k, v in settings.to_dict().items()}  # what QSettings may give
    assert ServerSettings.from_dict(as_strings) == settings


def test_bad_saved_values_keep_the_defaults() -> None:
    loaded = ServerSettings.from_dict({"port": "eleven", "host": " pacs ", "unknown": 1})
    assert (loaded.port, loaded.host) == (104, "pacs")


@pytest.mark.parametrize(("changes", "problem"), [
    ({"host": ""}, "no clinic server is set"),
    ({"port": 70000}, "port 70000"),
    ({"called_aet": "A" * 17}, "server AE title"),
    ({"calling_aet": "BACK\\SLASH"}, "our AE title"),
    ({"timeout": 0}, "timeouts"),
    ({"retrieve": "ftp"}, "retrieve must be"),
])
def test_bad_settings_are_named(changes: dict, problem: str) -> None:
    settings = ServerSettings(**{"host": "pacs", **changes})
    assert any(problem in p for p in settings.problems())
    with pytest.raises(NetworkError, match=problem.split()[0]):
        settings.check()


@pytest.mark.parametrize(("text", "expected"), [
    ("pacs:11112", ("pacs", 11112)), ("10.0.0.5", ("10.0.0.5", 104)), ("[::1]:104", ("::1", 104)),
])
def test_parse_server(text: str, expected: tuple[str, int]) -> None:
    assert parse_server(text) == expected


@pytest.mark.parametrize("text", ["pacs:port", ":104", "pacs:0"])
def test_parse_server_rejects_nonsense(text: str) -> None:
    with pytest.raises(NetworkError, match="HOST:PORT"):
        parse_server(text)


def test_no_connection_is_opened_without_a_configured_server(monkeypatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a network connection was attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    for call in (lambda: echo(ServerSettings()),
                 lambda: find_studies(ServerSettings(), StudyQuery(patient_id="1"))):
        with pytest.raises(NetworkError, match="no clinic server is set"):
            call()


def test_names_match_anywhere_unless_the_user_typed_wildcards() -> None:
    assert name_pattern("山田") == "*山田*"
    assert name_pattern("Yama*") == "Yama*"
    assert name_pattern("  ") == ""
    assert study_identifier(StudyQuery(patient_name="山田")).SpecificCharacterSet == "ISO_IR 192"
    assert "SpecificCharacterSet" not in study_identifier(StudyQuery(patient_id="12"))
    with pytest.raises(NetworkError, match="YYYYMMDD"):
        study_identifier(StudyQuery(date="2024-01-01"))


def _fill(cache: RetrieveCache, uid: str, size: int) -> Path:
    partial = cache.begin(uid)
    partial.add(f"{uid}.1", b"x" * size)
    return partial.commit()


def test_the_cache_evicts_the_least_recently_used_study(tmp_path: Path) -> None:
    cache = RetrieveCache(tmp_path, limit_bytes=2500)
    first = _fill(cache, "1.1", 1000)
    second = _fill(cache, "1.2", 1000)
    past = time.time() - 100
    os.utime(first / ".used", (past, past))
    os.utime(second / ".used", (past + 10, past + 10))
    assert cache.study_folder("1.1") == first  # opening it makes it the most recent
    third = _fill(cache, "1.3", 1000)
    assert [e.path for e in cache.entries()] == [first, third]
    assert cache.study_folder("1.2") is None
    assert cache.size() == 2000


def test_the_study_just_retrieved_stays_even_when_larger_than_the_limit(tmp_path: Path) -> None:
    cache = RetrieveCache(tmp_path, limit_bytes=100)
    _fill(cache, "1.1", 50)
    big = _fill(cache, "1.2", 1000)
    assert [e.path for e in cache.entries()] == [big]


def test_a_discarded_transfer_leaves_nothing(tmp_path: Path) -> None:
    cache = RetrieveCache(tmp_path)
    partial = cache.begin("1.9")
    partial.add("1.9.1", b"data")
    partial.discard()
    assert cache.study_folder("1.9") is None
    assert list(tmp_path.iterdir()) == []


def test_left_over_partial_folders_are_removed_later(tmp_path: Path) -> None:
    stale = tmp_path / f"{PARTIAL_PREFIX}old"
    fresh = tmp_path / f"{PARTIAL_PREFIX}new"
    stale.mkdir()
    fresh.mkdir()
    old = time.time() - STALE_PARTIAL_S - 60
    os.utime(stale, (old, old))
    RetrieveCache(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [fresh.name]


def test_a_second_retrieve_adds_to_the_study_folder(tmp_path: Path) -> None:
    cache = RetrieveCache(tmp_path)
    first = _fill(cache, "1.5", 10)
    partial = cache.begin("1.5")
    partial.add("1.5.gsps", b"new")
    assert partial.commit() == first
    assert len(list(first.glob("*.dcm"))) == 2


def test_every_public_network_name_resolves_on_first_use() -> None:
    import ilc_viewer.dicom.network as network

    for name in network.__all__:
        assert getattr(network, name).__name__ == name
    with pytest.raises(AttributeError):
        network.no_such_name  # noqa: B018
