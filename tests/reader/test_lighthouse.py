"""Lighthouse on the home, a table of contents, an article and its abstract page, at desktop and
mobile settings: accessibility, best practices and SEO 100, performance at least 95.

Needs the npm ``lighthouse`` package (``bash tools/lighthouse.sh`` installs it outside the repository;
``LIGHTHOUSE`` may name another binary) and Debian chromium; skips saying so otherwise.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.browser import CHROMIUM

from .conftest import page_urls

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DEFAULT = (
    Path.home() / ".cache" / "scielo-pub" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
)
MINIMUM = {"performance": 0.95, "accessibility": 1.0, "best-practices": 1.0, "seo": 1.0}


def _binary() -> Path:
    if os.environ.get("SCIELO_PUB_LIGHTHOUSE") != "1":
        # Its performance score is a timing: a measurement for `make lighthouse`, not `make test`.
        pytest.skip("Lighthouse runs with `make lighthouse` (SCIELO_PUB_LIGHTHOUSE=1)")
    path = Path(os.environ.get("LIGHTHOUSE") or DEFAULT)
    if not path.is_file():
        pytest.skip(f"lighthouse is not installed at {path} (run: bash tools/lighthouse.sh)")
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium (/usr/bin/chromium) is not installed")
    return path


def run_lighthouse(binary: Path, url: str, preset: str, out: Path) -> dict:
    """One Lighthouse run; the categories' scores and the failing audits."""
    args = [str(binary), url, "--output=json", f"--output-path={out}", "--quiet",
            "--chrome-flags=--headless=new --no-sandbox",
            "--only-categories=performance,accessibility,best-practices,seo"]  # fmt: skip
    if preset == "desktop":
        args.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": str(CHROMIUM)}
    subprocess.run(args, check=True, env=env, timeout=240, capture_output=True)
    report = json.loads(out.read_text(encoding="utf-8"))
    scores = {k: v["score"] for k, v in report["categories"].items()}
    failing = [
        f"{ref['id']}={report['audits'][ref['id']].get('score')}"
        for cat in report["categories"].values()
        for ref in cat["auditRefs"]
        if ref.get("weight")
        and (report["audits"][ref["id"]].get("score") or 0) < 1
        and report["audits"][ref["id"]].get("score") is not None
    ]
    return {"scores": scores, "failing": failing}


@pytest.mark.parametrize("preset", ["desktop", "mobile"])
def test_lighthouse_scores(served, tmp_path, preset):
    binary = _binary()
    below = {}
    for name, url in page_urls(served).items():
        result = run_lighthouse(binary, url, preset, tmp_path / f"{name}-{preset}.json")
        low = {k: v for k, v in result["scores"].items() if v is None or v < MINIMUM[k]}
        if low:
            below[name] = (low, result["failing"])
    assert not below, below
