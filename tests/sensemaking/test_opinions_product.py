# SPDX-License-Identifier: EUPL-1.2
"""Opinion groups in the product: Pol.is import, stored runs, the CLI and the map page."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from django.urls import reverse
from sklearn.metrics import adjusted_rand_score

from inspraak.cli import main
from inspraak.consultations import services as cs
from inspraak.consultations.models import Participant
from inspraak.intake.polis.services import polis_import
from inspraak.sensemaking.models import AnalysisRun
from inspraak.votes.models import Statement, Vote
from inspraak.votes.services import statement_create, vote_cast
from inspraak_analysis.polis_export import read_polis_export

POLIS = Path(__file__).parent.parent / "fixtures" / "polis"
BIODIVERSITY = POLIS / "scoop-hivemind.biodiversity"


def polis_groups(folder: Path) -> dict[str, int]:
    with (folder / "participants-votes.csv").open(encoding="utf-8") as stream:
        return {
            row["participant"]: int(row["group-id"])
            for row in csv.DictReader(stream)
            if row["group-id"]
        }


def ari(ours: dict[str, int | None], theirs: dict[str, int]) -> float:
    both = [p for p, g in ours.items() if g is not None and p in theirs]
    return float(adjusted_rand_score([theirs[p] for p in both], [ours[p] for p in both]))


def test_cli_on_a_polis_folder_reproduces_polis_groups(tmp_path: Path) -> None:
    out = tmp_path / "result.json"
    result = CliRunner().invoke(main, ["opinions", str(BIODIVERSITY), "--out", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert set(data) >= {"participants", "groups", "consensus", "pca"}
    assert all(set(g) >= {"size", "representative"} for g in data["groups"])
    assert ari(data["participants"], polis_groups(BIODIVERSITY)) >= 0.9


def test_cli_needs_exactly_one_source() -> None:
    assert CliRunner().invoke(main, ["opinions"]).exit_code == 2


def test_cli_names_a_broken_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["opinions", str(tmp_path)])
    assert result.exit_code == 1 and "comments.csv" in result.output


@pytest.mark.django_db
def test_polis_import_is_idempotent_and_stored_votes_give_the_same_groups(
    make_consultation: Any,
) -> None:
    consultation = make_consultation()
    first = polis_import(consultation=consultation, path=BIODIVERSITY)
    assert first.statements_created > 0 and first.votes_created > 0
    again = polis_import(consultation=consultation, path=BIODIVERSITY)
    assert (
        again.statements_created,
        again.participants_created,
        again.votes_created,
        again.votes_updated,
    ) == (0, 0, 0, 0)
    assert Statement.objects.filter(consultation=consultation, moderation=-1).exists()

    result = CliRunner().invoke(main, ["opinions", "--consultation", consultation.slug])
    assert result.exit_code == 0, result.output
    stored = json.loads(result.output)
    assert AnalysisRun.objects.get(kind="opinions").result["groups"] == stored["groups"]
    export = read_polis_export(BIODIVERSITY, with_participants=False)
    voter_by_key = {
        cs.participant_source_key(consultation=consultation, key=f"polis:{v}"): str(v)
        for v in set(export.votes.participant_ids.tolist())
    }
    voter_of = {
        str(p.pk): voter_by_key[p.source_key]
        for p in Participant.objects.filter(consultation=consultation)
    }
    ours = {voter_of[pk]: group for pk, group in stored["participants"].items()}
    assert ari(ours, polis_groups(BIODIVERSITY)) >= 0.9


def test_opinion_map_page_for_organisers_only(
    client: Any, two_consultations: dict[str, Any]
) -> None:
    a = two_consultations["a"]
    statements = [statement_create(consultation=a, text=f"<b>Stelling</b> {n}") for n in range(4)]
    for n in range(12):
        participant, _ = cs.participant_get_or_create(consultation=a, key=f"v{n}")
        for i, statement in enumerate(statements):
            vote_cast(
                statement=statement,
                participant=participant,
                value=1 if (n < 6) == (i % 2 == 0) else -1,
            )
    client.force_login(two_consultations["alice"])
    url = reverse("opinions", args=[a.slug])
    assert "<circle" not in client.get(url).content.decode()
    response = client.post(reverse("opinions_recompute", args=[a.slug]))
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert page.count("<circle") == 12
    coordinates = re.findall(r'<circle cx="([^"]+)" cy="([^"]+)"', page)
    assert all(0 <= float(v) <= 400 for pair in coordinates for v in pair), "Dutch decimal commas?"
    assert "&lt;b&gt;Stelling&lt;/b&gt;" in page and "<b>Stelling" not in page
    run = AnalysisRun.objects.get(kind="opinions")
    assert len(run.result["groups"]) == 2 and Vote.objects.count() == 48

    client.force_login(two_consultations["bob"])
    assert client.get(url).status_code == 404
    assert client.post(reverse("opinions_recompute", args=[a.slug])).status_code == 404
