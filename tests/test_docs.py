# SPDX-License-Identifier: EUPL-1.2
"""Docs are tested: every setting is documented where people look for it."""

from __future__ import annotations

from pathlib import Path

import pytest

from config.env import SETTINGS

ROOT = Path(__file__).parent.parent


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.name)
def test_every_setting_is_in_env_example_and_configuration_docs(setting: object) -> None:
    name = setting.name  # type: ignore[attr-defined]
    assert setting.help.strip()  # type: ignore[attr-defined]
    assert f"{name}=" in (ROOT / ".env.example").read_text(encoding="utf-8")
    assert f"`{name}`" in (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = readme.split("```")[1]
    commands = [line.split("#")[0].strip() for line in first_block.splitlines()[1:]]
    commands = [command for command in commands if command]
    assert commands == ["./dev demo", "./dev test"]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "./dev test" in ci
