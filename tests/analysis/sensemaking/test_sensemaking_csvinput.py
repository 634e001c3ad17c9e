# SPDX-License-Identifier: EUPL-1.2
"""Reading the analysis CSV: clear, line-numbered errors, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspraak_analysis.csvinput import CsvInputError, read_analysis_csv
from inspraak_analysis.sensemaking import Contribution, analyse, result_to_json


def write(tmp_path: Path, content: str | bytes, name: str = "in.csv") -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def test_reads_comma_file_with_optional_columns(tmp_path: Path) -> None:
    path = write(tmp_path, "session,participant,text,discussed,extra\nZorg,a,Preventie,ja,x\n")
    (c,) = read_analysis_csv(path)
    assert (c.id, c.session, c.participant, c.text, c.discussed) == (
        1,
        "Zorg",
        "a",
        "Preventie",
        True,
    )


def test_reads_semicolon_file_with_bom(tmp_path: Path) -> None:
    path = write(tmp_path, "\ufeffSession;Participant;Text\nGroen;b;Bomen, meer bomen\n")
    (c,) = read_analysis_csv(path)
    assert c.text == "Bomen, meer bomen"


def test_blank_rows_are_skipped_but_rows_keep_their_numbers(tmp_path: Path) -> None:
    path = write(tmp_path, "session,participant,text\nA,a,een\n,,\nA,b,twee\n")
    assert [c.id for c in read_analysis_csv(path)] == [1, 3]


def test_empty_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CsvInputError, match=r"in\.csv:1: the file is empty"):
        read_analysis_csv(write(tmp_path, ""))


def test_missing_columns_are_named(tmp_path: Path) -> None:
    with pytest.raises(CsvInputError, match=r"in\.csv:1: participant, text: missing column"):
        read_analysis_csv(write(tmp_path, "session,tekst\nA,b\n"))


def test_not_utf8_is_a_clear_error(tmp_path: Path) -> None:
    data = "session,participant,text\nA,a,caf\u00e9\n".encode("latin-1")
    with pytest.raises(CsvInputError, match=r"in\.csv:2: the file is not UTF-8"):
        read_analysis_csv(write(tmp_path, data))


def test_empty_required_field_is_reported_with_line_and_column(tmp_path: Path) -> None:
    with pytest.raises(CsvInputError, match=r"in\.csv:3: text: empty"):
        read_analysis_csv(write(tmp_path, "session,participant,text\nA,a,een\nA,b,\n"))


def test_bad_discussed_value_is_reported(tmp_path: Path) -> None:
    with pytest.raises(CsvInputError, match=r"in\.csv:2: discussed: 'misschien'"):
        read_analysis_csv(write(tmp_path, "session,participant,text,discussed\nA,a,x,misschien\n"))


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CsvInputError, match="cannot read"):
        read_analysis_csv(tmp_path / "nope.csv")


def test_errors_are_value_errors() -> None:
    assert issubclass(CsvInputError, ValueError)


def test_a_one_megabyte_postit_gives_a_sane_result(tmp_path: Path) -> None:
    big = ("Bestaanszekerheid en schulden " * 40_000)[:1_000_000]
    path = write(tmp_path, f"session,participant,text\nA,a,{big}\nA,b,Schulden kwijtschelden\n")
    contributions = read_analysis_csv(path)
    result = analyse(contributions)
    assert any("characters were analysed" in w for w in result.warnings)
    data = result_to_json(result)
    assert sorted(r for t in data["themes"] if t["parent"] is None for r in t["contributions"]) == [
        1,
        2,
    ]


def test_ten_thousand_identical_postits_form_one_theme(tmp_path: Path) -> None:
    rows = "".join(f"S{i % 4},p{i % 37},Meer groen in de wijk\n" for i in range(10_000))
    contributions = read_analysis_csv(write(tmp_path, "session,participant,text\n" + rows))
    data = result_to_json(analyse(contributions))
    (theme,) = data["themes"]
    assert len(theme["contributions"]) == 10_000
    assert theme["support"] == "unaniem" and theme["participants"] == theme["present"]
    assert len(data["duplicates"]) == 9_999


def test_a_one_megabyte_word_without_spaces_gives_a_sane_result() -> None:
    result = analyse(
        [Contribution(1, "A", "a", "a" + "b" * 1_000_000), Contribution(2, "A", "b", "x")]
    )
    assert sorted(c for t in result.themes for c in t.contribution_ids) == [1, 2]
    assert all(len(t.label) <= 80 for t in result.themes)
