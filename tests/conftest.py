"""Fixtures shared by the suite: a Council on a real database.

``council`` runs each test on a SQLite file in ``tmp_path`` and, when
``COUNCIL_TEST_POSTGRES_URL`` is set (``make test`` starts a throwaway server), again on
PostgreSQL; without it the PostgreSQL runs are skipped with the reason.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from council.council import Council
from council.settings import Settings, load_settings
from council.store.repository import Store

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "seed" / "000_bb3b1705f158320d.txt"
PROCEDURES = SHARED / "data" / "procedures"
OPENED = datetime(2020, 6, 28, 16, 0, tzinfo=UTC)


def _reset_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'council.db'}"
        return
    url = os.environ.get("COUNCIL_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("COUNCIL_TEST_POSTGRES_URL is not set (make test starts PostgreSQL)")
    _reset_postgres(url)
    yield url


@pytest.fixture
def settings(database_url: str) -> Settings:
    return load_settings(environ={"COUNCIL_DATABASE_URL": database_url}, dotenv=None)


@pytest.fixture
def council(settings: Settings) -> Iterator[Council]:
    store = Store(settings.database_url)
    instance = Council(settings, store)
    instance.init()
    yield instance
    store.dispose()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'council.db'}"
