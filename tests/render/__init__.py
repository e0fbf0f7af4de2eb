"""Tests of the documents a vote produces (``council.render``)."""
