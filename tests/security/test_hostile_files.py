"""Hostile files get a clear answer and exit 1 or 2, never a traceback or a hang."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from scielo_pub.cli import main

from .corpus import ROOT, SGML_TEMPLATE, XML_TEMPLATE


def _inject(template: Path, anchor: str, piece: str, out: Path) -> Path:
    text = template.read_text(encoding="utf-8")
    at = text.index(anchor) + len(anchor)
    out.write_text(text[:at] + piece + text[at:], encoding="utf-8")
    return out


@pytest.fixture
def hostile_files(tmp_path) -> dict[str, Path]:
    many = " ".join(f"a{n}=x" for n in range(100_000))
    many_xml = " ".join(f'a{n}="x"' for n in range(100_000))
    return {
        "deep.sgm": _inject(SGML_TEMPLATE, "[xmlbody]", "[sec][sectitle]x[/sectitle]" * 400
                            + "[p]deep[/p]" + "[/sec]" * 400, tmp_path / "deep.sgm"),
        "attrs.sgm": _inject(SGML_TEMPLATE, "[xmlbody]", f"[p {many}]x[/p]", tmp_path / "attrs.sgm"),
        "deep.xml": _inject(XML_TEMPLATE, "<body>", "<sec><title>x</title>" * 200 + "<p>d</p>"
                            + "</sec>" * 200, tmp_path / "deep.xml"),
        "attrs.xml": _inject(XML_TEMPLATE, "<body>", f"<p {many_xml}>x</p>",
                             tmp_path / "attrs.xml"),
    }  # fmt: skip


@pytest.mark.parametrize("command", ["inspect", "validate"])
@pytest.mark.parametrize("name", ["deep.sgm", "attrs.sgm", "deep.xml", "attrs.xml"])
def test_hostile_article_is_refused_cleanly(hostile_files, capsys, command, name):
    code = main([command, str(hostile_files[name]), "--dtd", "art4_0"])
    out, err = capsys.readouterr()
    assert code in (1, 2)
    assert "Traceback" not in out + err
    codes = ("depth", "deep", "too-many-attributes")
    assert any(c in out + err for c in codes), (out + err)[-500:]


def _cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "scielo_pub.cli", *args], capture_output=True,
                          text=True, timeout=60, env=env, cwd=ROOT)  # fmt: skip


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.parametrize("command", ["inspect", "validate"])
def test_fifo_and_device_answer_at_once(tmp_path, command):
    os.mkfifo(tmp_path / "x.xml")
    (tmp_path / "zero.sgm").symlink_to("/dev/zero")
    for name in ("x.xml", "zero.sgm"):
        done = _cli(command, str(tmp_path / name))  # the timeout catches a hang
        assert done.returncode in (1, 2)
        assert "Traceback" not in done.stderr + done.stdout
        assert "input.not-regular" in done.stderr + done.stdout


def test_a_bug_is_one_line_not_a_traceback(monkeypatch, capsys):
    import scielo_pub.commands.inspect as inspect_command

    def broken(args):
        raise KeyError("boom")

    monkeypatch.setattr(inspect_command, "run", broken)
    monkeypatch.delenv("SCIELO_PUB_TRACEBACK", raising=False)
    assert main(["inspect", "x.xml"]) == 2
    err = capsys.readouterr().err
    assert "internal error" in err and "KeyError" in err and "Traceback" not in err
