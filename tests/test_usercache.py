"""The user cache: values come back as stored; damaged, oversized, foreign or unreadable entries are
ignored, and a cache that cannot be written costs only the computation."""

from __future__ import annotations

import pytest

from scielo_pub import usercache
from scielo_pub.dtd.rules import common


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("SCIELO_PUB_CACHE", str(tmp_path / "c"))
    return tmp_path / "c"


def test_round_trip_and_keys_follow_content(cache):
    calls = []

    def compute():
        calls.append(1)
        return ["a", "b"]

    assert usercache.cached("k", [b"one"], compute) == ["a", "b"]
    assert usercache.cached("k", [b"one"], compute) == ["a", "b"]
    assert len(calls) == 1
    usercache.cached("k", [b"two"], compute)
    assert len(calls) == 2
    assert usercache.content_key("k", [b"ab", b"c"]) != usercache.content_key("k", [b"a", b"bc"])


def test_damaged_and_oversized_entries_are_ignored(cache, monkeypatch):
    key = usercache.content_key("k", [b"x"])
    usercache.store("k", key, {"v": 1})
    path = cache / "k" / f"{key}.json"
    assert usercache.load("k", key) == {"v": 1}
    path.write_bytes(path.read_bytes().replace(b'"v":1', b'"v":2'))
    assert usercache.load("k", key) is None
    usercache.store("k", key, {"v": 1})
    monkeypatch.setattr(usercache, "MAX_ENTRY_BYTES", 10)
    assert usercache.load("k", key) is None


def test_an_unwritable_cache_is_not_an_error(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("SCIELO_PUB_CACHE", str(blocker))
    assert usercache.cached("k", [b"x"], lambda: [1]) == [1]
    monkeypatch.setenv("SCIELO_PUB_CACHE", "off")
    assert usercache.cache_dir() is None


def test_code_lists_survive_a_well_formed_entry_of_the_wrong_shape(cache):
    common.iso639_1.cache_clear()
    first = common.iso639_1()
    assert {"pt", "es", "en"} <= first
    (entry,) = (cache / "codes-iso639-1").glob("*.json")
    usercache.store("codes-iso639-1", entry.stem, {"not": "a list"})
    common.iso639_1.cache_clear()
    assert common.iso639_1() == first
    common.iso639_1.cache_clear()


_FORMULA = '<math xmlns="http://www.w3.org/1998/Math/MathML"><mi>x</mi><mo>+</mo><mn>1</mn></math>'
_DRAW = (
    "import sys\n"
    "from scielo_pub.render import math as m\n"
    f"print(m.mathml_svg({_FORMULA!r}))\n"
    "print('ziamath' in sys.modules)\n"
)


def test_a_drawn_formula_is_kept_and_a_later_process_does_not_draw_it(cache):
    import os
    import subprocess
    import sys

    env = {**os.environ, "SCIELO_PUB_CACHE": str(cache)}

    def draw() -> tuple[str, str]:
        done = subprocess.run([sys.executable, "-c", _DRAW], env=env, capture_output=True,
                              text=True, check=True)  # fmt: skip
        uri, imported = done.stdout.split()
        return uri, imported

    first, imported = draw()
    assert first.startswith("data:image/svg+xml;base64,") and imported == "True"
    again, imported = draw()
    assert again == first and imported == "False"  # from the cache: ziamath not even imported


def test_a_formula_entry_that_is_not_an_svg_uri_is_drawn_again(cache):
    from scielo_pub.render import math as m

    key = usercache.content_key("formula-svg", [m._ziamath_version(), _FORMULA])
    usercache.store("formula-svg", key, "javascript:alert(1)")
    m.mathml_svg.cache_clear()
    assert m.mathml_svg(_FORMULA).startswith("data:image/svg+xml;base64,")
