# SPDX-License-Identifier: EUPL-1.2
"""Contributions are written in one place (issue 11): the contributions service.

Every channel parses its input into drafts and calls
`inspraak.consultations.contributions.contributions_add`; no other module creates a
Contribution row, so the text rules, idempotency, tombstones, attendance, audit and
wall events cannot drift between channels again.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PLATFORM = Path(__file__).parent.parent / "inspraak"
THE_SERVICE = PLATFORM / "consultations" / "contributions.py"
CREATING = {"create", "bulk_create", "get_or_create", "update_or_create"}


def _imports_contribution_model(tree: ast.Module) -> bool:
    return any(
        isinstance(node, ast.ImportFrom)
        and node.module == "inspraak.consultations.models"
        and any(alias.name == "Contribution" for alias in node.names)
        for node in ast.walk(tree)
    )


def _creating_calls(source: str) -> list[str]:
    """Calls in `source` that create a Contribution row, as 'line: code'."""
    tree = ast.parse(source)
    model_imported = _imports_contribution_model(tree)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        text = ast.unparse(func)
        if isinstance(func, ast.Attribute) and func.attr in CREATING:
            owner = ast.unparse(func.value)
            if owner in {"Contribution.objects", "Contribution._default_manager"} or (
                owner.endswith(".contributions") or owner.endswith("contribution_set")
            ):
                found.append(f"{node.lineno}: {text}")
        elif model_imported and isinstance(func, ast.Name) and func.id == "Contribution":
            found.append(f"{node.lineno}: {text}(...)")
    return found


def test_only_the_contributions_service_creates_contributions() -> None:
    offenders = []
    for path in sorted(PLATFORM.rglob("*.py")):
        if "migrations" in path.parts or path == THE_SERVICE:
            continue
        offenders += [
            f"{path.relative_to(PLATFORM)}:{hit}"
            for hit in _creating_calls(path.read_text(encoding="utf-8"))
        ]
    assert offenders == []


@pytest.mark.parametrize(
    "code",
    [
        "from inspraak.consultations.models import Contribution\nContribution.objects.create(text='x')",
        "from inspraak.consultations.models import Contribution\nContribution.objects.bulk_create([])",
        "from inspraak.consultations.models import Contribution\nContribution(text='x').save()",
        "participant.contributions.create(text='x')",
        "round_.contributions.get_or_create(text='x')",
    ],
)
def test_the_check_catches_each_way_of_creating_one(code: str) -> None:
    assert _creating_calls(code) != []


def test_the_check_leaves_other_models_alone() -> None:
    code = (
        "from inspraak_analysis import sensemaking as engine\n"
        "engine.Contribution(id=1, text='x')\nNote.objects.create(text='x')"
    )
    assert _creating_calls(code) == []
    assert _creating_calls(THE_SERVICE.read_text(encoding="utf-8")) != []
