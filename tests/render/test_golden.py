"""The demo site's HTML structure equals the golden copy (refresh it with ``make golden``)."""

from __future__ import annotations

import json

import pytest

from tests import golden


def test_demo_structure_matches_golden():
    if not golden.GOLDEN.exists():
        pytest.skip("no golden copy yet: run `make golden`")
    expected = json.loads(golden.GOLDEN.read_text(encoding="utf-8"))
    actual = json.loads(json.dumps(golden.current()))
    missing = sorted(set(expected) - set(actual))
    extra = sorted(set(actual) - set(expected))
    assert not missing and not extra, (
        f"pages differ (run `make golden` if intended): -{missing[:5]} +{extra[:5]}"
    )
    changed = [page for page in expected if expected[page] != actual[page]]
    assert not changed, (
        f"structure changed in {changed[:5]}; if intended, run `make golden` and review the diff"
    )


def test_outline_folds_repeated_siblings():
    import lxml.html

    doc = lxml.html.fragment_fromstring(
        "<ul><li>a</li><li>b</li><li class='x'>c</li></ul>", create_parent="div"
    )
    assert golden.outline(doc) == [["ul", [["li*2", []], ["li.x", []]]]]
