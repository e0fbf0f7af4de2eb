"""Tests of the pure domain (``council.domain``) and the shipped reference data."""
