"""Persistence: the only package that touches SQLAlchemy and SQL."""
