"""Migrations: empty → head, a single head, models and migrations agree."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import SQLModel

from tasplus_cli.store import models  # noqa: F401 - register tables
from tasplus_cli.store.db import make_engine, session
from tasplus_cli.store.migrate import HEAD, alembic_config, current_revision, ensure_head


def test_single_head_matches_code():
    script = ScriptDirectory.from_config(alembic_config())
    assert script.get_heads() == [HEAD]


def test_empty_to_head_and_models_agree(db_url):
    engine = make_engine(db_url, write=True)
    assert ensure_head(engine, db_url) is None  # nothing to back up in an empty file
    assert current_revision(engine) == HEAD
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), SQLModel.metadata)
    assert diff == []
    engine.dispose()


def test_opening_migrates_and_is_idempotent(db_url):
    with session(db_url, write=True):
        pass
    engine = make_engine(db_url, write=False)
    assert current_revision(engine) == HEAD
    assert ensure_head(engine, db_url) is None
    engine.dispose()
