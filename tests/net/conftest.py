"""A real Orthanc server for the network tests (Debian's ``orthanc``; .ci/run installs it).

One server runs for the whole session on 127.0.0.1 with random free ports and a temporary
storage folder; it knows three AE titles: workstation A and B (both may C-GET and C-MOVE)
and one that may only C-MOVE. The sample study case A is stored once. Tests skip with a
reason only where Orthanc is not installed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from ilc_viewer.dicom.network import ServerSettings, store
from tests.net.orthanc import OrthancServer, free_port, orthanc_binary

ROOT = Path(__file__).resolve().parents[2]
CASE_A = ROOT / "sample_dicoms" / "case_a"
WORKSTATION_A, WORKSTATION_B, MOVE_ONLY = "ILCVIEWER", "ILCVIEWERB", "ILCMOVEONLY"


@dataclass
class Pacs:
    """The running test server and how to reach it as each workstation."""

    server: OrthancServer
    receive_ports: dict[str, int]

    def settings(self, aet: str = WORKSTATION_A, **changes: object) -> ServerSettings:
        """Settings of a workstation with this AE title (short timeouts for tests)."""
        values: dict[str, object] = {
            "host": "127.0.0.1", "port": self.server.dicom_port, "called_aet": "ORTHANC",
            "calling_aet": aet, "receive_port": self.receive_ports[aet],
            "connect_timeout": 3.0, "timeout": 10.0,
        }
        values.update(changes)
        return ServerSettings(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def pacs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pacs]:
    """Orthanc on 127.0.0.1 holding sample case A."""
    if orthanc_binary() is None:
        pytest.skip("Orthanc is not installed (Debian package 'orthanc'; .ci/run installs it)")
    ports = {aet: free_port() for aet in (WORKSTATION_A, WORKSTATION_B, MOVE_ONLY)}
    server = OrthancServer(tmp_path_factory.mktemp("orthanc"), ports,
                           no_get=frozenset({MOVE_ONLY}))
    server.start()
    pacs = Pacs(server, ports)
    try:
        result = store(pacs.settings(), sorted(CASE_A.rglob("*.dcm")))
        assert not result.failed, result.failed
        yield pacs
    finally:
        server.stop()
