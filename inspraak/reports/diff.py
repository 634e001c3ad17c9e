# SPDX-License-Identifier: EUPL-1.2
"""What changed between two versions, section by section, as a reader sees it.

Each section (a session's introduction, a theme) is compared as the words it
shows, without source numbers: one added contribution renumbers every later
source, and a diff of raw text would then show the whole report as changed.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString

from inspraak.reports.document import ReportDocument, ThemeSection
from inspraak.reports.words import count_text

_REF = re.compile(r"\s*\[\d+\](?:–\[\d+\])?")


@dataclass
class SectionChange:
    title: str
    status: str  # added | removed | changed
    words: list[SafeString] = field(default_factory=list)


def _theme_text(doc: ReportDocument, t: ThemeSection) -> str:
    parts = [f"{t.count.support} {count_text(t.count)}", t.edited_text]
    parts += [text for text, _n in t.summary]
    parts += [doc.source(n).text for n in t.quotes + t.proposals + t.notes]
    return _REF.sub("", "\n".join(p for p in parts if p))


def _sections(doc: ReportDocument) -> dict[str, tuple[str, str]]:
    found: dict[str, tuple[str, str]] = {}
    for s in doc.sessions:
        found[s.key] = (s.title, f"{s.present}\n{s.edited_intro}")
        for t in s.themes:
            found[t.key] = (f"{s.title} › {t.label}", _theme_text(doc, t))
    return found


def _word_diff(old: str, new: str) -> list[SafeString]:
    a, b = old.split(), new.split()
    out: list[SafeString] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            same = a[i1:i2]
            text = " ".join(same) if len(same) <= 12 else " ".join(same[:5] + ["…"] + same[-5:])
            out.append(escape(text))
            continue
        if i2 > i1:
            out.append(format_html("<del>{}</del>", " ".join(a[i1:i2])))
        if j2 > j1:
            out.append(format_html("<ins>{}</ins>", " ".join(b[j1:j2])))
    return out


def versions_compare(before: ReportDocument, after: ReportDocument) -> list[SectionChange]:
    """Changed, added and removed sections in the order of the newer version."""
    old, new = _sections(before), _sections(after)
    changes = []
    for key, (title, text) in new.items():
        if key not in old:
            changes.append(SectionChange(title, "added", _word_diff("", text)))
        elif old[key][1] != text:
            changes.append(SectionChange(title, "changed", _word_diff(old[key][1], text)))
    changes += [
        SectionChange(title, "removed", _word_diff(text, ""))
        for key, (title, text) in old.items()
        if key not in new
    ]
    return changes
