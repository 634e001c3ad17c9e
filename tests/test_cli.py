# SPDX-License-Identifier: EUPL-1.2
"""The `inspraak` command, through click's runner."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner
from django.contrib.auth import get_user_model

from inspraak.cli import main
from inspraak.consultations.models import Consultation, Contribution, Participant
from inspraak.votes.models import Vote

FIXTURES = Path(__file__).parent / "fixtures" / "csv"


def all_commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    found = []
    for name, command in group.commands.items():
        found.append((f"{prefix}{name}", command))
        if isinstance(command, click.Group):
            found += all_commands(command, f"{prefix}{name} ")
    return found


@pytest.mark.parametrize(
    ("name", "command"), all_commands(main), ids=lambda v: v if isinstance(v, str) else ""
)
def test_every_command_and_option_has_help(name: str, command: click.Command) -> None:
    assert (command.help or "").strip(), f"`inspraak {name}` has no help text"
    for param in command.params:
        if isinstance(param, click.Option):
            assert (param.help or "").strip(), f"`inspraak {name} {param.opts[0]}` has no help text"
    result = CliRunner().invoke(main, [*name.split(), "--help"])
    assert result.exit_code == 0 and "Usage:" in result.output


@pytest.mark.django_db
def test_import_then_export_json(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(
        main,
        ["import", "contributions", str(FIXTURES / "good.csv"), "--consultation", "kamer-2027"],
    )
    assert result.exit_code == 0, result.output
    assert "4 contributions imported, 0 already present" in result.output
    again = runner.invoke(
        main,
        ["import", "contributions", str(FIXTURES / "good.csv"), "--consultation", "kamer-2027"],
    )
    assert "0 contributions imported, 4 already present" in again.output
    out = tmp_path / "export.json"
    result = runner.invoke(
        main, ["export", "--consultation", "kamer-2027", "--format", "json", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    sessions = {s["title"]: s for s in data["rounds"][0]["sessions"]}
    assert sessions["Zorg"]["present"] == 2
    first = sessions["Zorg"]["contributions"][0]
    assert set(first) >= {"text", "participant", "kind", "channel", "provenance", "created_at"}
    assert (
        first["participant"] == Participant.objects.get(contributions__text=first["text"]).pseudonym
    )
    assert first["provenance"]["source"] == "good.csv" and first["provenance"]["line"] == 2


@pytest.mark.django_db
def test_import_of_a_bad_file_lists_lines_and_fails(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("session,participant,text\nZorg,Anna,Goed\nZorg,,Fout\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["import", "contributions", str(bad), "--consultation", "x"])
    assert result.exit_code == 1
    assert "bad.csv:3: participant: " in result.output
    assert "nothing imported" in result.output
    assert not Consultation.objects.exists()


@pytest.mark.django_db
def test_export_csv_to_stdout(make_consultation: Any, add_contribution: Any) -> None:
    consultation = make_consultation()
    add_contribution(consultation, "Preventie, voorop")
    result = CliRunner().invoke(
        main, ["export", "--consultation", consultation.slug, "--format", "csv"]
    )
    assert result.exit_code == 0
    assert result.output.splitlines()[0].startswith("round,session,participant,text")
    assert '"Preventie, voorop"' in result.output


def test_export_of_unknown_consultation_is_a_clear_error(db: Any) -> None:
    result = CliRunner().invoke(main, ["export", "--consultation", "bestaat-niet"])
    assert (
        result.exit_code == 1 and "no consultation with short name 'bestaat-niet'" in result.output
    )


@pytest.mark.django_db
def test_create_organiser_makes_a_staff_organiser(make_consultation: Any) -> None:
    consultation = make_consultation()
    result = CliRunner().invoke(
        main,
        [
            "create-organiser",
            "henk",
            "--password",
            "lang-genoeg-wachtwoord-7",
            "--consultation",
            consultation.slug,
        ],
    )
    assert result.exit_code == 0, result.output
    henk = get_user_model().objects.get(username="henk")
    assert henk.is_staff and not henk.is_superuser
    assert henk.password.startswith("argon2")
    assert consultation.organiser_grants.filter(user=henk).exists()


@pytest.mark.django_db
def test_create_organiser_refuses_a_weak_password() -> None:
    result = CliRunner().invoke(main, ["create-organiser", "henk", "--password", "123"])
    assert result.exit_code == 1 and not get_user_model().objects.filter(username="henk").exists()


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_into_an_empty_database_reproduce_every_row(tmp_path: Path) -> None:
    from django.apps import apps

    from inspraak.demo.loader import demo_load

    demo_load(password="demo-wachtwoord-1")
    models = [
        m
        for m in apps.get_models()
        if m._meta.app_label
        in {"consultations", "votes", "sensemaking", "intake", "reports", "live", "core", "auth"}
    ]
    models = [m for m in models if m._meta.model_name != "permission"]
    before = {
        m._meta.label: sorted(
            map(str, m.objects.values_list(*[f.attname for f in m._meta.concrete_fields]))
        )
        for m in models
    }
    file = tmp_path / "backup.json.gz"
    runner = CliRunner()
    assert runner.invoke(main, ["backup", str(file)]).exit_code == 0
    refused = runner.invoke(main, ["restore", str(file)])
    assert refused.exit_code == 1 and "not empty" in refused.output
    for m in reversed(models):
        m.objects.all().delete()
    result = runner.invoke(main, ["restore", str(file)])
    assert result.exit_code == 0, result.output
    after = {
        m._meta.label: sorted(
            map(str, m.objects.values_list(*[f.attname for f in m._meta.concrete_fields]))
        )
        for m in models
    }
    assert after == before
    assert Contribution.objects.count() >= 120 and Vote.objects.count() > 0


def test_backup_refuses_an_unknown_file_type(db: Any, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["backup", str(tmp_path / "backup.zip")])
    assert result.exit_code == 1 and ".json or .json.gz" in result.output
