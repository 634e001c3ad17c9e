# SPDX-License-Identifier: EUPL-1.2
"""Themes in the product: `inspraak analyse`, stored runs, the pages and hand edits that survive."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from django.urls import reverse

from inspraak.cli import main
from inspraak.consultations.models import Contribution
from inspraak.intake.csv.services import contributions_import_csv
from inspraak.sensemaking.models import Theme
from inspraak.sensemaking.themes import themes_analyse
from inspraak_analysis.support import support_level

FOUNDING = Path(__file__).parent.parent.parent / "benchmarks" / "data" / "founding_sessions.csv"


def founding_csv() -> bytes:
    """The founding document's sessions as post-its, without the evaluation's gold columns."""
    with FOUNDING.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    out = io.StringIO()
    columns = ["session", "participant", "text", "kind", "channel", "discussed"]
    writer = csv.DictWriter(out, columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def test_cli_on_a_csv_finds_the_founding_documents_points(tmp_path: Path) -> None:
    source = tmp_path / "founding.csv"
    source.write_bytes(founding_csv())
    out = tmp_path / "result.json"
    result = CliRunner().invoke(main, ["analyse", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    labels = {t["label"].lower(): t for t in data["themes"]}
    existence = labels["bestaanszekerheid"]
    assert (existence["support"], existence["participants"], existence["present"]) == (
        "unaniem",
        8,
        8,
    )
    heffing = next(t for t in data["themes"] if "verhuurdersheffing" in t["label"].lower())
    assert len(heffing["sessions"]) == 2
    assert any("75%" in c["text"] for c in data["claims"])
    rows = sum(1 for _ in csv.reader(io.StringIO(founding_csv().decode()))) - 1
    assert all(1 <= r <= rows for t in data["themes"] for r in t["contributions"])


def test_cli_markdown_and_present_option(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text(
        "session,participant,text\nZorg,a,Preventie voorop\nZorg,b,Meer preventie\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        main, ["analyse", str(source), "--present", "Zorg=5", "--format", "md"]
    )
    assert result.exit_code == 0, result.output
    assert "van 5 aanwezigen" in result.output


def test_cli_bad_input_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("session,text\nZorg,x\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["analyse", str(bad)])
    assert (
        result.exit_code == 1
        and "participant" in result.output
        and "Traceback" not in result.output
    )
    wrong = CliRunner().invoke(main, ["analyse", str(bad), "--present", "Zorg:7"])
    assert wrong.exit_code == 2 and "SESSION=NUMBER" in wrong.output


@pytest.fixture
def analysed(organiser: Any, make_consultation: Any) -> Any:
    consultation = make_consultation(organiser=organiser, sessions=())
    contributions_import_csv(
        data=founding_csv(), file_name="founding.csv", consultation=consultation
    )
    round_ = consultation.rounds.get()
    return consultation, round_, themes_analyse(consultation=consultation, round=round_)


def words_match_counts(run: Any) -> None:
    for theme in run.themes.all():
        assert theme.support == support_level(theme.participants, theme.present), theme.label


def test_stored_run_has_themes_with_members_and_honest_words(analysed: Any) -> None:
    consultation, round_, run = analysed
    leaves = run.themes.filter(is_leaf=True)
    assert leaves.count() > 10
    members = [c for t in leaves for c in t.members.values_list("pk", flat=True)]
    assert sorted(members) == sorted(
        Contribution.objects.filter(round=round_).values_list("pk", flat=True)
    )
    words_match_counts(run)
    existence = leaves.get(label__iexact="bestaanszekerheid")
    assert (existence.support, existence.participants, existence.present) == ("unaniem", 8, 8)


def test_themes_page_and_drill_down(client: Any, organiser: Any, analysed: Any) -> None:
    consultation, round_, run = analysed
    client.force_login(organiser)
    page = client.get(reverse("themes", args=[consultation.slug])).content.decode()
    assert "unaniem</strong> — 8 van 8 aanwezigen" in page
    assert "75%" in page
    theme = run.themes.get(label__iexact="bestaanszekerheid")
    detail = client.get(reverse("theme", args=[consultation.slug, theme.pk])).content.decode()
    assert all(c.text[:30] in detail for c in theme.members.all())
    session = theme.members.first().session
    filtered = client.get(
        reverse("session", args=[consultation.slug, session.pk]), {"theme": theme.pk}
    )
    assert {c.pk for c in filtered.context["page"]} == set(
        theme.members.values_list("pk", flat=True)
    )


def test_rename_merge_and_split_survive_a_new_analysis(
    client: Any, organiser: Any, analysed: Any
) -> None:
    consultation, round_, run = analysed
    client.force_login(organiser)
    leaves = list(run.themes.filter(is_leaf=True).order_by("-participants"))
    big, a, b = leaves[0], leaves[1], leaves[2]
    client.post(
        reverse("theme_rename", args=[consultation.slug, big.pk]), {"label": "Inkomen eerst"}
    )
    merged_ids = set(a.members.values_list("pk", flat=True)) | set(
        b.members.values_list("pk", flat=True)
    )
    client.post(
        reverse("themes_merge", args=[consultation.slug]),
        {"theme": [a.pk, b.pk], "label": "Samengevoegd"},
    )
    big.refresh_from_db()
    moving = list(big.members.values_list("pk", flat=True))[:1]
    client.post(
        reverse("theme_split", args=[consultation.slug, big.pk]),
        {"contribution": moving, "label": "Apart punt"},
    )

    rerun = themes_analyse(consultation=consultation, round=round_)
    themes = {t.label: t for t in rerun.themes.filter(is_leaf=True)}
    assert {"Inkomen eerst", "Samengevoegd", "Apart punt"} <= set(themes)
    assert set(themes["Samengevoegd"].members.values_list("pk", flat=True)) >= merged_ids
    assert list(themes["Apart punt"].members.values_list("pk", flat=True)) == moving
    assert moving[0] not in themes["Inkomen eerst"].members.values_list("pk", flat=True)
    words_match_counts(rerun)


def test_edits_are_refused_with_a_message_not_a_crash(
    client: Any, organiser: Any, analysed: Any
) -> None:
    consultation, round_, run = analysed
    client.force_login(organiser)
    theme = run.themes.filter(is_leaf=True).first()
    response = client.post(
        reverse("theme_rename", args=[consultation.slug, theme.pk]), {"label": "  "}
    )
    assert response.status_code == 302
    theme.refresh_from_db()
    assert theme.label.strip()
    everything = list(theme.members.values_list("pk", flat=True))
    client.post(
        reverse("theme_split", args=[consultation.slug, theme.pk]),
        {"contribution": everything, "label": "X"},
    )
    assert not Theme.objects.filter(label="X").exists()


def test_other_organisers_cannot_see_or_edit_themes(
    client: Any, make_user: Any, analysed: Any
) -> None:
    consultation, round_, run = analysed
    theme = run.themes.filter(is_leaf=True).first()
    client.force_login(make_user("mallory", is_staff=True))
    assert client.get(reverse("themes", args=[consultation.slug])).status_code == 404
    assert client.get(reverse("theme", args=[consultation.slug, theme.pk])).status_code == 404
    assert client.post(reverse("themes_run", args=[consultation.slug])).status_code == 404
    assert (
        client.post(
            reverse("theme_rename", args=[consultation.slug, theme.pk]), {"label": "x"}
        ).status_code
        == 404
    )
    theme.refresh_from_db()
    assert theme.label != "x"


@pytest.mark.django_db
def test_cli_stores_a_run_for_a_consultation(make_consultation: Any) -> None:
    consultation = make_consultation(sessions=())
    contributions_import_csv(data=founding_csv(), file_name="f.csv", consultation=consultation)
    result = CliRunner().invoke(main, ["analyse", "--consultation", consultation.slug])
    assert result.exit_code == 0, result.output
    assert "themes stored" in result.output
    assert Theme.objects.filter(run__consultation=consultation).exists()
