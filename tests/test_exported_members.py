"""The public API is exactly ``council.__all__``, and every name in it exists."""

from __future__ import annotations

import council


def test_all_names_in_dunder_all_exist() -> None:
    missing = [name for name in council.__all__ if not hasattr(council, name)]
    assert missing == []


def test_every_public_name_of_the_package_is_in_dunder_all() -> None:
    public = {
        name for name, value in vars(council).items()
        if not name.startswith("_") and getattr(value, "__module__", "").startswith("council")
    }
    assert public == set(council.__all__)
