"""Every CLI command and every setting is documented in the README, and the README opens
with one sentence and the two set-up commands that .ci/run uses."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from council.cli import main
from council.settings import SETTINGS

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = "council") -> list[str]:
    names = []
    for name, command in sorted(group.commands.items()):
        names.append(f"{prefix} {name}")
        if isinstance(command, click.Group):
            names += _commands(command, f"{prefix} {name}")
    return names


@pytest.mark.parametrize("command", _commands(main))
def test_every_cli_command_is_in_the_readme(command: str) -> None:
    assert command in README


@pytest.mark.parametrize("setting", [s.name for s in SETTINGS])
def test_every_setting_is_in_the_readme(setting: str) -> None:
    assert f"COUNCIL_{setting}" in README


def test_readme_opens_with_one_sentence_and_the_two_commands() -> None:
    lines = [line for line in README.splitlines() if line.strip()]
    assert lines[0] == "# Council"
    assert lines[1].endswith(".") and lines[1].count(". ") == 0
    assert lines[2] == "```sh"
    assert lines[3].startswith("make demo")
    assert lines[4].startswith("make test")


def test_ci_runs_exactly_the_readme_test_command() -> None:
    run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = [line for line in run.splitlines()
                if line.strip() and not line.startswith("#") and not line.startswith("set ")
                and not line.startswith("cd ")]
    assert commands == ["make test"]
