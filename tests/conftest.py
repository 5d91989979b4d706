"""Shared fixtures: paths to the project, to ../shared/data (refdata) and small helpers."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["tests.pg", "tests.browser"]

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SHARED_DATA = SHARED / "data"


def pytest_collection_modifyitems(config, items):
    """Skip ``refdata`` tests with a clear reason when ../shared/data is absent."""
    if SHARED_DATA.is_dir():
        return
    skip = pytest.mark.skip(reason=f"reference data folder {SHARED_DATA} is absent")
    for item in items:
        if "refdata" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True, scope="session")
def _user_cache(tmp_path_factory):
    """scielo-pub's user cache (parsed DTDs, code lists) lives in a session folder, not ~/.cache."""
    patch = pytest.MonkeyPatch()
    patch.setenv("SCIELO_PUB_CACHE", str(tmp_path_factory.mktemp("user-cache")))
    yield
    patch.undo()


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"reference data folder {SHARED_DATA} is absent")
    return SHARED_DATA


@pytest.fixture(scope="session")
def shared_xml_files() -> list[Path]:
    folder = SHARED_DATA / "xml"
    if not folder.is_dir():
        pytest.skip(f"reference data folder {folder} is absent")
    return sorted(folder.glob("*.xml"))


@pytest.fixture(scope="session")
def jats_catalog() -> Path:
    path = SHARED_DATA / "jats" / "catalog-jats-local.xml"
    if not path.is_file():
        pytest.skip(f"JATS catalog {path} is absent")
    return path
