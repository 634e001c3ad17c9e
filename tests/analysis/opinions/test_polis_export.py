# SPDX-License-Identifier: EUPL-1.2
"""Reading Pol.is export folders."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspraak_analysis.polis_export import PolisExportError, Vote, read_polis_export

COMMENTS = (
    "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n"
    '1,Mon,0,5,1,0,1,"Fietsen, ja"\n'
    "2,Mon,1,5,0,1,-1,Weg ermee\n"
)
VOTES = (
    "timestamp,datetime,comment-id,voter-id,vote\n"
    "100,Mon Jun 01 10:00:00 CEST 2020,0,7,1\n"
    "300,Mon Jun 01 10:00:02 CEST 2020,0,7,-1\n"
    "200,Mon Jun 01 10:00:01 CEST 2020,1,8,0\n"
)
PARTICIPANTS = "participant,group-id,n-comments,n-votes,n-agree,n-disagree,0,1\n7,0,0,1,0,1,-1,\n8,,0,1,0,0,,0\n"


def _export(tmp_path: Path, **files: str) -> Path:
    contents = {
        "comments.csv": COMMENTS,
        "votes.csv": VOTES,
        "participants-votes.csv": PARTICIPANTS,
    }
    contents.update({k.replace("_", "-") + ".csv": v for k, v in files.items()})
    for name, text in contents.items():
        if text:
            (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_reads_statements_participants_and_latest_votes(tmp_path: Path) -> None:
    export = read_polis_export(_export(tmp_path))
    assert [(s.id, s.moderated, s.text) for s in export.statements] == [
        (0, 1, "Fietsen, ja"),
        (1, -1, "Weg ermee"),
    ]
    assert export.moderated_out_ids == [1]
    assert export.polis_groups() == {7: 0, 8: None}
    # Participant 7 revised their vote on comment 0: the later disagree counts.
    assert list(export.votes.records()) == [Vote(8, 1, 0, 200), Vote(7, 0, -1, 300)]
    assert export.n_raw_votes == 3


def test_without_participants_file_groups_are_empty(tmp_path: Path) -> None:
    folder = _export(tmp_path)
    (folder / "participants-votes.csv").unlink()
    assert read_polis_export(folder).participants == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"votes": ""}, "votes.csv: missing"),
        ({"votes": "a,b\n1,2\n"}, "header must be"),
        ({"votes": VOTES + "400,Mon,0,9,5\n"}, "vote must be 1, -1 or 0"),
        ({"votes": VOTES + "400,Mon,x,9,1\n"}, "malformed vote row"),
        ({"comments": "comment-id,moderated\nx,1\n"}, "comments.csv, line 2"),
        ({"participants_votes": "nope\n"}, "header must start with participant"),
    ],
)
def test_missing_or_malformed_files_raise_a_readable_error(
    tmp_path: Path, change: dict[str, str], message: str
) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    if change.get("votes") == "":
        _export(folder)
        (folder / "votes.csv").unlink()
    else:
        _export(folder, **change)
    with pytest.raises(PolisExportError, match=message) as info:
        read_polis_export(folder)
    assert isinstance(info.value, ValueError)


def test_a_missing_folder_is_a_readable_error(tmp_path: Path) -> None:
    with pytest.raises(PolisExportError, match="not a folder"):
        read_polis_export(tmp_path / "nope")


def test_reads_the_bundled_exports() -> None:
    data = Path(__file__).resolve().parents[2] / "fixtures" / "polis"
    folder = data / "vtaiwan.uberx"
    export = read_polis_export(folder)
    assert len(export.statements) == 197 and len(export.participants) == 1921
    assert export.n_raw_votes == 49997 and len(export.votes) < export.n_raw_votes
