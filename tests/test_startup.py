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


#: Only a page made, a bar shown or a journal's Markdown rendered needs these: a rebuild that
#: makes no page and shows no bar loads none of them.
RENDERERS = ("scielo_pub.render.pages", "scielo_pub.render.view", "scielo_pub.render.body",
             "scielo_pub.lilacs", "markdown_it", "tqdm")  # fmt: skip


def test_a_no_change_rebuild_imports_no_renderer(tmp_path):
    from scielo_pub.build import build
    from scielo_pub.executors import LocalExecutor
    from scielo_pub.synthetic import generate
    from tests.test_rebuild_counts import _age

    collection = generate(tmp_path / "col", 4, per_issue=2, issues_per_journal=2)
    _age(collection)
    out = tmp_path / "out"
    assert len(build(collection, out, executor=LocalExecutor(1)).published) == 4
    args = ["build", str(collection), "-o", str(out), "-j", "1", "--no-pdf", "-q"]
    again = _modules(args, tmp_path / "cache")
    assert "scielo_pub.render.site" in again  # the probe did run the outputs stage
    assert _loaded(again, RENDERERS) == []
    # A page made again loads them (the probe sees it: the check can fail).
    (out / "j").rename(tmp_path / "gone")
    assert _loaded(_modules(args, tmp_path / "cache"), RENDERERS) != []
