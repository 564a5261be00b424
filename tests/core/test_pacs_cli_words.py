"""``ilc-viewer pacs`` speaks the language asked for: its failures, its help and its options."""

from __future__ import annotations

import socket

import pytest

from ilc_viewer.cli import main


def _closed_port() -> int:
    """A port on this machine where nothing listens (bound, then let go)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("where", ["after", "before"])
def test_a_refused_echo_is_one_japanese_line(capsys, where: str) -> None:
    server = f"127.0.0.1:{_closed_port()}"
    args = (["pacs", "echo", "--server", server, "--lang", "ja"] if where == "after" else
            ["pacs", "--lang", "ja", "echo", "--server", server])
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err == (f"ilc-viewer pacs: 接続テスト：院内サーバー ANY-SCP@{server} に"
                   "接続を断られました（そのポートで待ち受けているものがありません）\n")


def test_the_same_failure_in_english(capsys) -> None:
    server = f"127.0.0.1:{_closed_port()}"
    assert main(["pacs", "echo", "--server", server, "--lang", "en"]) == 2
    assert capsys.readouterr().err == (f"ilc-viewer pacs: echo: the clinic server "
                                       f"ANY-SCP@{server} refused the connection (nothing "
                                       "listens on that port)\n")


def test_bad_options_are_said_in_japanese_without_a_connection(capsys) -> None:
    assert main(["pacs", "find", "--server", "pacs:port", "--lang", "ja"]) == 2
    assert capsys.readouterr().err == ("ilc-viewer pacs: 'pacs:port' は HOST:PORT の形では"
                                       "ありません（ポートは数字にしてください）\n")
    assert main(["pacs", "get", "--server", "pacs:104", "--lang", "ja"]) == 2
    assert "STUDY_UID か、--patient-id" in capsys.readouterr().err


def test_the_actions_help_is_in_japanese(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["pacs", "find", "--help", "--lang", "ja"])
    out = capsys.readouterr().out
    assert "検査を検索する（C-FIND）" in out and "院内サーバー（PACS）" in out
    with pytest.raises(SystemExit):
        main(["pacs", "--help", "--lang", "ja"])
    assert "サーバーが応答するか確かめる（C-ECHO）" in capsys.readouterr().out
