"""A one-file ``validate`` or ``inspect`` loads only what checking one article needs: checked by
the modules a fresh interpreter holds afterwards, not by timing (the benchmark times it)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "collections/demo/journals/rsd/issues/v12n2/2764-5010-rsd-12-02-0051.xml"
#: Never needed to check or print one article: the site, store, renderers, cluster, charts, the
#: SGML engine, the other commands.
NEVER = (
    "weasyprint", "sqlalchemy", "flask", "jinja2", "distributed", "dask", "pygal", "psycopg",
    "waitress", "rapidfuzz", "pycrfsuite", "xmlschema", "sqlite3", "scielo_pub.build",
    "scielo_pub.render", "scielo_pub.store", "scielo_pub.site", "scielo_pub.lilacs",
    "scielo_pub.citations", "scielo_pub.usage", "scielo_pub.indicators", "scielo_pub.dtd.parser",
    "scielo_pub.markup.sgml_reader", "scielo_pub.commands.build", "scielo_pub.commands.serve",
)  # fmt: skip
PROBE = (
    "import contextlib, io, json, sys\n"
    "from scielo_pub import cli\n"
    "with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):\n"
    "    cli.main(sys.argv[1:])\n"
    "print(json.dumps(sorted(sys.modules)))\n"
)


def _modules(args: list[str], cache: Path) -> set[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SCIELO_PUB_CACHE": str(cache)}
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True,
                          env=env, cwd=ROOT, check=True, timeout=120)  # fmt: skip
    return set(json.loads(done.stdout))


def _loaded(modules: set[str], names) -> list[str]:
    return sorted(n for n in names if any(m == n or m.startswith(n + ".") for m in modules))


@pytest.mark.parametrize("command", ["validate", "inspect"])
def test_one_file_command_imports_nothing_heavy(command, tmp_path):
    first = _modules([command, str(ARTICLE)], tmp_path)
    assert "scielo_pub.model" in first  # the probe did run the command
    assert _loaded(first, NEVER) == []
    # From the second run on, the code lists come from the user cache, not pycountry's databases.
    again = _modules([command, str(ARTICLE)], tmp_path)
    assert _loaded(again, (*NEVER, "pycountry")) == []


def test_a_command_word_imports_only_its_command_module(tmp_path):
    modules = _modules(["validate", str(ARTICLE)], tmp_path)
    commands = sorted(m for m in modules if m.startswith("scielo_pub.commands."))
    assert commands == ["scielo_pub.commands.validate"]
