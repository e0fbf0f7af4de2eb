"""full-text search over the corpus's paragraphs (issue 6, point 2)

SQLite: an external-content FTS5 table over ``corpus_paragraphs.text`` (the unicode61
tokenizer, diacritics removed; no stemming, see ``council/search.py``), kept in step by
triggers on every insert, update and delete of a paragraph, so the import,
``add_own_resolution`` and any later writer keep it current without knowing it exists.
PostgreSQL: a stored generated column ``search_vector`` = ``to_tsvector('simple', text)``
with a GIN index (stored, so ranking reads it rather than parsing each matching paragraph
again). Neither is in ``tables.py``: the ORM never writes them. Either way the rows already
there are indexed now. (A later migration that rebuilds ``corpus_paragraphs`` with
``batch_alter_table`` on SQLite must create the triggers again.)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27 14:30:00
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_SQLITE_UP = (
    "CREATE VIRTUAL TABLE corpus_paragraphs_fts USING fts5(text, content='corpus_paragraphs', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER corpus_paragraphs_fts_insert AFTER INSERT ON corpus_paragraphs BEGIN "
    "INSERT INTO corpus_paragraphs_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER corpus_paragraphs_fts_delete AFTER DELETE ON corpus_paragraphs BEGIN "
    "INSERT INTO corpus_paragraphs_fts(corpus_paragraphs_fts, rowid, text) "
    "VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER corpus_paragraphs_fts_update AFTER UPDATE OF text ON corpus_paragraphs "
    "BEGIN INSERT INTO corpus_paragraphs_fts(corpus_paragraphs_fts, rowid, text) "
    "VALUES ('delete', old.id, old.text); "
    "INSERT INTO corpus_paragraphs_fts(rowid, text) VALUES (new.id, new.text); END",
    "INSERT INTO corpus_paragraphs_fts(corpus_paragraphs_fts) VALUES ('rebuild')",
)
_SQLITE_DOWN = (
    "DROP TRIGGER IF EXISTS corpus_paragraphs_fts_update",
    "DROP TRIGGER IF EXISTS corpus_paragraphs_fts_delete",
    "DROP TRIGGER IF EXISTS corpus_paragraphs_fts_insert",
    "DROP TABLE IF EXISTS corpus_paragraphs_fts",
)
_POSTGRES_UP = (
    "ALTER TABLE corpus_paragraphs ADD COLUMN search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', text)) STORED",
    "CREATE INDEX ix_corpus_paragraphs_search_vector ON corpus_paragraphs "
    "USING gin (search_vector)",
)
_POSTGRES_DOWN = (
    "DROP INDEX IF EXISTS ix_corpus_paragraphs_search_vector",
    "ALTER TABLE corpus_paragraphs DROP COLUMN IF EXISTS search_vector",
)


def _run(sqlite: tuple[str, ...], postgres: tuple[str, ...]) -> None:
    dialect = op.get_bind().dialect.name
    for statement in sqlite if dialect == "sqlite" else postgres if (
            dialect == "postgresql") else ():
        op.execute(statement)


def upgrade() -> None:
    _run(_SQLITE_UP, _POSTGRES_UP)


def downgrade() -> None:
    _run(_SQLITE_DOWN, _POSTGRES_DOWN)
