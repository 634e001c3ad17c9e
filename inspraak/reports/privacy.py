# SPDX-License-Identifier: EUPL-1.2
"""What a published report may show: no small cells, no names, no trail back to a message.

A breakdown (carriers per municipality, per role) with a cell of one person tells
everyone what that one alderman thinks. Cells below the minimum
(`INSPRAAK_REPORT_MIN_CELL`, default 5) are merged into "other"; when that merged
cell is still too small it is left out as well. The same rule applies in the
organiser's draft, so what they see is what will be published.
"""

from __future__ import annotations

import re

from inspraak.reports.document import ReportDocument

REDACTED = "[…]"


def breakdown_publishable(cells: dict[str, int], min_cell: int, *, other: str) -> dict[str, int]:
    """The cells that may be shown, largest first; small ones merged into `other` or dropped."""
    big = {value: n for value, n in cells.items() if n >= min_cell}
    if not big:  # "other" would be everyone: the breakdown says nothing and is left out
        return {}
    small = sum(n for value, n in cells.items() if n < min_cell)
    shown = dict(sorted(big.items(), key=lambda kv: (-kv[1], kv[0])))
    if small >= min_cell:
        shown[other] = shown.get(other, 0) + small
    return shown


def text_redact(text: str, words: list[str]) -> str:
    """The text with every given name or address (and an address's local part) replaced."""
    for word in sorted({w for w in words if len(w.strip()) >= 3}, key=len, reverse=True):
        parts = [word]
        if "@" in word:
            parts.append(word.split("@")[0])
        for part in parts:
            text = re.sub(re.escape(part), REDACTED, text, flags=re.IGNORECASE)
    return text


def document_redact(doc: ReportDocument, *, ids: set[int], words: list[str], removed: str) -> None:
    """Take contributions and identifying words out of a built document, in place.

    The removed sources keep their number (every other reference stays right) but
    lose their text, author and trail; quotes, proposals, summary sentences and claims
    that cite them are dropped. Every given word is replaced wherever text appears.
    """
    gone = {s.number for s in doc.sources if s.contribution_id in ids}
    for source in doc.sources:
        if source.number in gone:
            source.text, source.who, source.provenance = removed, "", ""
        source.text = text_redact(source.text, words)
        source.who = "" if any(w and w in source.who for w in words) else source.who
    for session in doc.sessions:
        session.edited_intro = text_redact(session.edited_intro, words)
        for t in session.themes:
            t.quotes = [n for n in t.quotes if n not in gone]
            t.proposals = [n for n in t.proposals if n not in gone]
            t.summary = [[text_redact(x, words), n] for x, n in t.summary if n not in gone]
            t.edited_text = text_redact(t.edited_text, words)
            t.contribution_ids = [c for c in t.contribution_ids if c not in ids]
    for ref in doc.not_discussed:
        ref.quotes = [n for n in ref.quotes if n not in gone]
    doc.claims = [c for c in doc.claims if c.source not in gone]
    for claim in doc.claims:
        claim.text = text_redact(claim.text, words)


def document_publicise(doc: ReportDocument, channel_labels: dict[str, str]) -> None:
    """The public form of a built document, in place: no author, no trail but the channel."""
    doc.public = True
    for source in doc.sources:
        source.who = ""
        if source.kind == "contribution":
            source.provenance = channel_labels.get(source.channel, source.channel)
