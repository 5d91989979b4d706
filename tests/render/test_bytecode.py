"""The page templates compiled once per code version and kept as bytecode in the site folder."""

from __future__ import annotations

import pytest

from scielo_pub.render import bytecode, pages


@pytest.fixture
def env(monkeypatch):
    """The web environment with no template loaded, counting what it compiles."""
    env = pages.environment()
    env.cache.clear()
    compiled: list[str] = []
    real = env.compile

    def counting(source, name=None, filename=None, *args, **kwargs):
        compiled.append(name)
        return real(source, name, filename, *args, **kwargs)

    monkeypatch.setattr(env, "compile", counting)
    yield env, compiled
    env.cache.clear()  # the next test's templates compiled afresh, with the real ``compile``


def test_templates_compiled_once_then_loaded_from_bytecode(env, tmp_path, monkeypatch):
    env, compiled = env
    folder = tmp_path / bytecode.FOLDER
    folder.mkdir(parents=True)
    (folder / "0123456789abcdef-stale.cache").write_bytes(b"old")
    bytecode.load(tmp_path)
    names = sorted(compiled)
    assert "article.html" in names and "pdf.html" not in names
    stored = sorted(p.name for p in folder.iterdir())
    assert len(stored) == len(names)  # one file per template; another tag's deleted
    assert len({name.split("-", 1)[0] for name in stored}) == 1
    assert env.bytecode_cache is None  # set while loading only
    code = {name: env.get_template(name).root_render_func.__code__ for name in names}

    env.cache.clear()  # as a new process: nothing compiled, every template read from its file
    compiled.clear()
    bytecode.load(tmp_path)
    assert compiled == []
    assert {name: env.get_template(name).root_render_func.__code__ for name in names} == code

    env.cache.clear()
    monkeypatch.setattr(bytecode, "BYTECODE_CACHE", False)
    bytecode.load(tmp_path)
    assert sorted(compiled) == names  # the flag off: every template compiled again


def test_a_folder_that_cannot_be_used_fails_no_build(env, tmp_path):
    env, compiled = env
    (tmp_path / ".scielo-pub").mkdir()
    (tmp_path / bytecode.FOLDER).write_text("not a folder")
    bytecode.load(tmp_path)
    assert "article.html" in compiled  # compiled as before
    assert (tmp_path / bytecode.FOLDER).read_text() == "not a folder"
