# SPDX-License-Identifier: EUPL-1.2
"""The report's fixed phrases in the report's language, shared by every format.

Support words are the engine's Dutch constants (`inspraak_analysis.support`);
a Dutch report prints them as they are, an English one by this table, so a
support word never depends on a translation catalogue being compiled.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from inspraak.reports.document import Count, Divided, ThemeSection
from inspraak_analysis import support

ENGLISH = {
    support.UNANIMOUS: "unanimous",
    support.BROAD: "broadly supported",
    support.SEVERAL: "by several participants",
    support.ONE: "named by one participant",
    support.DIVIDED: "divided",
    support.NONE: "not carried",
}


def support_word(word: str, language: str) -> str:
    return ENGLISH.get(word, word) if language.startswith("en") else word


def count_text(c: Count) -> str:
    return _("%(p)s of %(n)s present") % {"p": c.participants, "n": c.present}


def extra_text(extra: dict[str, int]) -> str:
    """ "4 further contributions (e-mail 3, web form 1)": input not counted as present."""
    total = sum(extra.values())
    if len(extra) == 1:
        channel = next(iter(extra))
        return ngettext(
            "%(n)s further contribution by %(channel)s",
            "%(n)s further contributions by %(channel)s",
            total,
        ) % {"n": total, "channel": channel}
    channels = ", ".join(
        f"{channel} {n}" for channel, n in sorted(extra.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    return ngettext(
        "%(n)s further contribution (%(channels)s)",
        "%(n)s further contributions (%(channels)s)",
        total,
    ) % {"n": total, "channels": channels}


def present_text(present: int, extra: dict[str, int]) -> str:
    line = ngettext("%(n)s participant present.", "%(n)s participants present.", present) % {
        "n": present
    }
    if extra:
        line += " " + _("Besides, not counted as present: %(list)s.") % {"list": extra_text(extra)}
    return line


def extra_title(language: str) -> str:
    """The bucket of input that belongs to no session, in the report's language."""
    return "Overige inbreng" if language.startswith("nl") else "Other input"


def theme_support_text(t: ThemeSection, language: str) -> tuple[str, str]:
    """(support word, the numbers behind it) for a theme section."""
    if t.is_extra:
        return "", extra_text(t.extra)
    numbers = count_text(t.count)
    if t.extra:
        numbers += "; " + _("also") + " " + extra_text(t.extra)
    return support_word(t.count.support, language), numbers


def division_text(d: Divided) -> str:
    """Which opinion group leans which way on a divided statement, with the plain share."""
    parts = []
    for index, share in enumerate(d.agree_by_group):
        group = _("group %(n)s") % {"n": index + 1}
        lean = _("mostly agrees") if share >= 50 else _("mostly disagrees")
        parts.append(
            _("%(group)s %(lean)s (%(share)s%% agree)")
            % {"group": group, "lean": lean, "share": share}
        )
    return "; ".join(parts)


def refs_runs(numbers: list[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for n in sorted(set(numbers)):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return runs


def refs_text(numbers: list[int]) -> str:
    """Source numbers as compact ranges, "[3]–[7], [9]": consecutive sources read as one run."""
    return ", ".join(
        f"[{r[0]}]" if len(r) == 1 else f"[{r[0]}]–[{r[-1]}]" for r in refs_runs(numbers)
    )
