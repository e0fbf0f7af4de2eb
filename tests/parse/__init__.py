"""Tests of the text parser (``council.parse``): the seed, the OCR corpus, typed text."""
