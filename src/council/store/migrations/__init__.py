"""Alembic migrations of the Council store (run by ``council init``)."""
