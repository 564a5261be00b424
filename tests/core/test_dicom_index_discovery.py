"""File discovery through links: every file once, under the path the user gave."""

from __future__ import annotations

import os
from pathlib import Path

from ilc_viewer.dicom.discovery import discover
from ilc_viewer.dicom.index import scan
from tests.core.dicom_factory import write_series


def test_files_reached_through_links_are_read_once(tmp_path: Path) -> None:
    disc = tmp_path / "disc"
    elsewhere = tmp_path / "elsewhere"
    own = write_series(disc / "SERIES1", 3)
    linked = write_series(elsewhere / "SERIES2", 2)
    (disc / "LINKED").symlink_to(elsewhere / "SERIES2", target_is_directory=True)
    (disc / "again.dcm").symlink_to(own[0])  # a second name for a file already there
    (disc / "SERIES1" / "up").symlink_to(disc, target_is_directory=True)  # a loop

    found = discover(disc)
    names = sorted(str(s.path.relative_to(disc)) for s in found.sources)
    assert len(names) == 5, names
    # The files behind the folder link are listed under the link, as the user sees them.
    assert sorted(n for n in names if n.startswith("LINKED")) == [
        f"LINKED/{p.name}" for p in linked
    ]
    assert sum(n in (f"SERIES1/{own[0].name}", "again.dcm") for n in names) == 1
    index = scan(disc)
    assert sorted(len(s.images) for s in index.all_series()) == [2, 3]


def test_a_fifo_is_skipped_as_not_a_regular_file(tmp_path: Path) -> None:
    write_series(tmp_path / "s", 2)
    os.mkfifo(tmp_path / "pipe")
    found = discover(tmp_path)
    assert {Path(s.path).name: s.reason for s in found.skipped} == {
        "pipe": "not a regular file"
    }
    assert len(found.sources) == 2
