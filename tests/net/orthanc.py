"""Start a throw-away Orthanc DICOM server on 127.0.0.1 (tests and ``scripts/orthanc-dev``).

Orthanc comes from Debian's ``orthanc`` package (``/usr/sbin/Orthanc``). Each server gets
random free ports, a temporary storage folder and a configuration that knows the viewer's AE
titles (``workstations``: AE title -> port of its C-MOVE receiver, 0 when it has none), with
C-ECHO, C-FIND, C-GET, C-MOVE and C-STORE allowed for them. No plugins are loaded.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ORTHANC_BINARY = "Orthanc"
ORTHANC_AET = "ORTHANC"
START_TIMEOUT_S = 20.0
#: Loopback only: never through a proxy from the environment.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def orthanc_binary() -> str | None:
    """The path of the Orthanc executable, or ``None`` when it is not installed."""
    return shutil.which(ORTHANC_BINARY) or (
        "/usr/sbin/Orthanc" if Path("/usr/sbin/Orthanc").exists() else None
    )


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def config(storage: Path, dicom_port: int, http_port: int,
           workstations: dict[str, int], no_get: frozenset[str] = frozenset()) -> dict:
    """The Orthanc configuration for a test server storing in ``storage``.

    AE titles in ``no_get`` may not C-GET (as on servers that only do C-MOVE).
    """
    modalities = {
        aet.lower(): {
            "AET": aet, "Host": "127.0.0.1", "Port": port or 104,
            "AllowEcho": True, "AllowFind": True, "AllowGet": aet not in no_get,
            "AllowMove": True, "AllowStore": True,
        }
        for aet, port in workstations.items()
    }
    return {
        "Name": "ILC test PACS",
        "StorageDirectory": str(storage / "db"),
        "IndexDirectory": str(storage / "db"),
        "StorageCompression": False,
        "Plugins": [],
        "HttpServerEnabled": True,
        "HttpPort": http_port,
        "RemoteAccessAllowed": False,
        "AuthenticationEnabled": False,
        "DicomServerEnabled": True,
        "DicomAet": ORTHANC_AET,
        "DicomPort": dicom_port,
        "DicomCheckCalledAet": False,
        "DicomModalities": modalities,
        "DicomAlwaysAllowEcho": True,
        "DicomAlwaysAllowStore": True,
        "DicomScpTimeout": 10,
        "DefaultEncoding": "Utf8",
        "StableAge": 1,
        "ConcurrentJobs": 1,
        "SaveJobs": False,
        "LimitFindResults": 0,
        "LimitFindInstances": 0,
    }


@dataclass
class OrthancServer:
    """One running Orthanc; stop it with :meth:`stop` (or use it as a context manager)."""

    folder: Path
    workstations: dict[str, int] = field(default_factory=dict)
    no_get: frozenset[str] = frozenset()
    dicom_port: int = 0
    http_port: int = 0
    process: subprocess.Popen | None = None

    @property
    def aet(self) -> str:
        """The server's AE title."""
        return ORTHANC_AET

    def start(self) -> OrthancServer:
        """Write the configuration, start Orthanc and wait until its REST API answers."""
        binary = orthanc_binary()
        if binary is None:
            raise RuntimeError("Orthanc is not installed (Debian: apt-get install orthanc)")
        self.folder.mkdir(parents=True, exist_ok=True)
        self.dicom_port = self.dicom_port or free_port()
        self.http_port = self.http_port or free_port()
        path = self.folder / "orthanc.json"
        path.write_text(json.dumps(config(self.folder, self.dicom_port, self.http_port,
                                          self.workstations, self.no_get), indent=2))
        log = open(self.folder / "orthanc.log", "wb")  # noqa: SIM115 - kept open while it runs
        self.process = subprocess.Popen([binary, str(path)], stdout=log, stderr=log,
                                        stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Orthanc stopped at start-up; see {self.folder}/orthanc.log")
            try:
                self.rest("/system")
                return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"Orthanc did not start within {START_TIMEOUT_S:.0f} s")

    def rest(self, path: str, method: str = "GET", body: bytes | None = None) -> object:
        """Call Orthanc's REST API on 127.0.0.1; returns the decoded JSON answer."""
        request = urllib.request.Request(f"http://127.0.0.1:{self.http_port}{path}",
                                         data=body, method=method)
        with _OPENER.open(request, timeout=5) as answer:
            data = answer.read()
        return json.loads(data) if data.strip() else None

    def instances(self) -> list[str]:
        """Orthanc's ids of every stored instance."""
        return list(self.rest("/instances"))  # type: ignore[arg-type]

    def instance_file(self, orthanc_id: str) -> bytes:
        """The stored DICOM file of one instance, as Orthanc keeps it."""
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.http_port}/instances/{orthanc_id}/file")
        with _OPENER.open(request, timeout=5) as answer:
            return answer.read()

    def clear(self) -> None:
        """Delete every stored patient (between tests)."""
        for patient in self.rest("/patients"):  # type: ignore[union-attr]
            self.rest(f"/patients/{patient}", method="DELETE")

    def stop(self) -> None:
        """Stop the server (terminate, then kill after 5 s)."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def __enter__(self) -> OrthancServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
