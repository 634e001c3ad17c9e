# SPDX-License-Identifier: EUPL-1.2
"""docs/sensemaking.md documents every tunable and the JSON keys."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

from inspraak_analysis.sensemaking import SensemakingConfig
from inspraak_analysis.support import SupportThresholds

DOC = Path(__file__).resolve().parents[3] / "docs" / "sensemaking.md"


def test_every_setting_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    names = [f.name for f in fields(SensemakingConfig) if f.name != "support"]
    names += [f.name for f in fields(SupportThresholds)]
    missing = [name for name in names if f"| `{name}` |" not in text]
    assert missing == []


def test_every_result_key_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    for key in ("themes", "duplicates", "claims", "not_discussed", "by_session", "quotes"):
        assert f'"{key}"' in text
