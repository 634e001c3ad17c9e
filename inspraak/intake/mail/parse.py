# SPDX-License-Identifier: EUPL-1.2
"""Reading e-mail: who sent it, what they actually wrote, its points and attachments.

Pure functions over bytes (no database), so every rule is testable on a fixture
file; `inspraak.intake.mail.services` stores what `mail_parse` returns. Nothing here trusts
the message: header values lose control characters, HTML becomes plain text, and
attachments are size-checked before a parser sees them.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime
from html.parser import HTMLParser
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_TYPE = "application/pdf"
MAX_UNZIPPED_BYTES = 50 * 1024 * 1024  # a DOCX that unpacks to more is treated as a zip bomb
MAX_PDF_PAGES = 300


class MailRejected(ValueError):
    """The message cannot be imported; the text says why, for the organiser."""


@dataclass(frozen=True)
class Attachment:
    filename: str
    data: bytes
    content_type: str


@dataclass(frozen=True)
class Point:
    text: str
    detail: str  # where in the message: "point 2", "plan.docx, paragraph 3", "plan.pdf, page 1"


@dataclass
class ParsedMail:
    message_id: str
    sender: str  # lower-cased address: the participant key; never shown, never in points
    date: datetime | None  # aware, or None when the message has no readable date
    subject: str
    recipients: list[str]
    body: str
    points: list[Point]
    attachments: list[Attachment] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def mail_parse(raw: bytes) -> ParsedMail:
    """Parse one message; raises MailRejected when it is not an e-mail or holds no text."""
    msg = BytesParser(policy=policy.default).parsebytes(raw)
    sender = _sender(msg)
    body = body_clean(_body_text(msg))
    # Provenance is stored data, not interface text: it stays in one language.
    points = [Point(text, f"point {n}") for n, text in enumerate(points_split(body), 1)]
    attachments, warnings = _attachments(msg)
    for attachment in attachments:
        try:
            points += attachment_points(attachment)
        except MailRejected as problem:
            warnings.append(str(problem))
    if not points:
        raise MailRejected(_("the message has no text to import"))
    return ParsedMail(
        message_id=_header(msg, "Message-ID")[:250] or "sha256:" + hashlib.sha256(raw).hexdigest(),
        sender=sender,
        date=_date(_header(msg, "Date")),
        subject=_header(msg, "Subject")[:200],
        recipients=_recipients(msg),
        body=body,
        points=points,
        attachments=attachments,
        warnings=warnings,
    )


# -- headers ---------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def _header(msg: EmailMessage, name: str) -> str:
    """A header as one clean line: decoded, no control characters (no header injection)."""
    try:
        value = str(msg.get(name, "") or "")
    except Exception:  # the stdlib header parser has raised many kinds on hostile input
        return ""
    return " ".join(_CONTROL.sub(" ", value).split())


def _sender(msg: EmailMessage) -> str:
    if not msg.keys():
        raise MailRejected(_("this is not an e-mail message: it has no headers"))
    for _name, address in getaddresses([_header(msg, "From")]):
        address = address.strip().lower()
        try:
            validate_email(address)
        except ValidationError:
            continue
        return address
    raise MailRejected(_("the message has no valid sender (From) address"))


def _recipients(msg: EmailMessage) -> list[str]:
    names = ("To", "Cc", "Delivered-To", "X-Original-To", "Envelope-To")
    values = [_header(msg, name) for name in names]
    found = [address.lower() for _name, address in getaddresses(values) if "@" in address]
    return list(dict.fromkeys(found))


def _date(value: str) -> datetime | None:
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


# -- body text -------------------------------------------------------------------------


def _body_text(msg: EmailMessage) -> str:
    """The text/plain body, else the HTML body as text; "" when there is neither."""
    part = msg.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    text = _decoded(part)
    return html_to_text(text) if part.get_content_subtype() == "html" else text


def _decoded(part: Any) -> str:
    """Transfer encoding and charset undone, whatever the part declares."""
    payload = part.get_payload(decode=True) or b""
    charset = (part.get_content_charset() or "us-ascii").lower()
    # Senders that say Latin-1 or ASCII usually mean Windows-1252 or UTF-8.
    if charset in {"us-ascii", "ascii", "iso-8859-1", "latin-1", "latin1", "iso8859-1"}:
        try:
            return payload.decode("utf-8")
        except UnicodeDecodeError:
            return payload.decode("cp1252", errors="replace")
    try:
        return payload.decode(charset, errors="replace")
    # An unknown charset, or a codec (idna, a charset name with a NUL) that cannot decode.
    except (LookupError, ValueError):
        return payload.decode("utf-8", errors="replace")


class _TextExtractor(HTMLParser):
    """HTML to plain text: data only, never markup; script, style and quoted history skipped."""

    SKIP = {"script", "style", "head", "title", "template", "noscript", "svg", "object", "iframe"}
    QUOTE_CLASSES = {"gmail_quote", "gmail_signature", "moz-cite-prefix", "moz-signature"}
    BLOCKS = {"div", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "hr"}
    VOID = {"br", "hr", "img", "meta", "link", "input", "wbr", "col", "area", "base", "source"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_tag = ""
        self.skip_depth = 0
        self.lists: list[list[int]] = []  # per open list: [is_ordered, counter]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skip_tag == "head" and tag == "body":  # a <head> left open ends here
            self.skip_tag = ""
        if self.skip_tag:
            self.skip_depth += tag == self.skip_tag
            return
        classes = set((dict(attrs).get("class") or "").split())
        if tag in self.SKIP or tag == "blockquote" or classes & self.QUOTE_CLASSES:
            if tag not in self.VOID:
                self.skip_tag, self.skip_depth = tag, 1
            return
        self._open(tag)

    def _open(self, tag: str) -> None:
        if tag in {"ul", "ol"}:
            self.lists.append([tag == "ol", 0])
        if tag == "li":
            marker = "- "
            if self.lists and self.lists[-1][0]:
                self.lists[-1][1] += 1
                marker = f"{self.lists[-1][1]}. "
            self.parts.append("\n" + marker)
        elif tag == "p":
            self.parts.append("\n\n")
        elif tag == "br" or tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self.skip_tag:
            self.skip_depth -= tag == self.skip_tag
            if self.skip_depth <= 0:
                self.skip_tag = ""
            return
        if tag in {"ul", "ol"} and self.lists:
            self.lists.pop()
        if tag == "p" or tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip_tag:
            self.parts.append(data.replace("\n", " "))


def html_to_text(html: str) -> str:
    """Readable plain text from HTML: entities decoded, no tags, no script or style content."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


# -- what the sender wrote -------------------------------------------------------------

_REPLY_HEADER = re.compile(
    r"^(op|on|am|le)\b.{0,300}\b(schreef|wrote|schrieb|a écrit|het volgende geschreven)\b.{0,200}:$",
    re.IGNORECASE,
)
_HISTORY = re.compile(
    r"^(-{2,}\s*(original message|oorspronkelijk bericht|origineel bericht|forwarded message"
    r"|doorgestuurd bericht)\s*-{2,}|begin (forwarded|doorgestuurd) (message|bericht):?)$",
    re.IGNORECASE,
)
_OUTLOOK_FROM = re.compile(r"^\*?(van|from)\s*:\*?\s*\S", re.IGNORECASE)
_OUTLOOK_NEXT = re.compile(r"^\*?(verzonden|sent|datum|date|aan|to|onderwerp|subject)\s*:", re.I)
_MOBILE = re.compile(
    r"^(verzonden|verstuurd|sent|get outlook)\b.{0,12}\b(vanaf|van|from|met|with|for|voor)\b.{0,40}$",
    re.IGNORECASE,
)
_CLOSING = re.compile(
    r"^((met\s+)?((vriendelijke|hartelijke|warme|beste|sociale|solidaire|strijdbare)\s+)?"
    r"groet(en|jes)?|m\.?v\.?g\.?|gr\.?|(with\s+)?(kind|best|warm)\s+regards|regards|cheers"
    r"|(yours\s+)?sincerely)\b[^.?]{0,30}$",
    re.IGNORECASE,
)
_GREETING = re.compile(
    r"^(beste|hallo|hoi|hey|hi|dag|geachte|lieve|goede(morgen|middag|navond)|dear|hello|l\.s\.)"
    r"\b([^.?:]{0,60}[,!]|(\s+\S+){0,2}\s*)$",
    re.IGNORECASE,
)
_DISCLAIMER = re.compile(
    r"uitsluitend bestemd voor|niet de (beoogde )?geadresseerde|geen rechten (worden|kunnen"
    r" worden) ontleend|ten onrechte (heeft )?ontvangen|onjuist geadresseerd|intended (solely|only)"
    r" for|intended recipient|notify the sender|denk aan het milieu|think before you print"
    r"|^disclaimer\b",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_ITEM = re.compile(r"^\s*(?:[-*•·–▪◦]|\d{1,2}[.)])\s+(\S.*)$")


def body_clean(text: str) -> str:
    """The part the sender wrote: no quoted reply, history, signature, disclaimer or greeting."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\u200b", "").replace("\ufeff", "")
    lines = [line.rstrip() for line in text.split("\n")]
    lines = lines[: _cut_index(lines)]
    lines = [line for line in lines if not line.lstrip().startswith(">")]
    paragraphs = "\n".join(lines).split("\n\n")
    kept = [p.strip("\n") for p in paragraphs if p.strip() and not _DISCLAIMER.search(p)]
    lines = "\n\n".join(kept).split("\n")
    while lines and (not lines[0].strip() or _GREETING.match(lines[0].strip())):
        lines.pop(0)
    return "\n".join(lines).strip()


def _cut_index(lines: list[str]) -> int:
    """Where what the sender wrote ends: the first reply header, history or signature line."""
    for i, line in enumerate(lines):
        stripped = line.strip()
        if line == "--" or _HISTORY.match(stripped) or _is_reply_header(lines, i):
            return i
        if len(stripped) <= 60 and (_MOBILE.match(stripped) or _CLOSING.match(stripped)):
            return i
        if _OUTLOOK_FROM.match(stripped) and any(
            _OUTLOOK_NEXT.match(following.strip()) for following in lines[i + 1 : i + 5]
        ):
            return i
    return len(lines)


def _is_reply_header(lines: list[str], i: int) -> bool:
    """ "Op di 14 mrt. 2026 om 10:12 schreef …:", also when the mailer wrapped it over two lines."""
    line = lines[i].strip()
    if not re.match(r"^(op|on|am|le)\b", line, re.IGNORECASE):
        return False
    joined = f"{line} {lines[i + 1].strip()}" if i + 1 < len(lines) else line
    return bool(_REPLY_HEADER.match(line) or _REPLY_HEADER.match(joined))


def points_split(text: str) -> list[str]:
    """Bullets and numbered items each a point, other paragraphs each a point.

    A short lead-in ending in a colon right before a list ("Mijn punten:") is dropped;
    hard-wrapped lines are joined; e-mail addresses are replaced by "[e-mail]".
    """
    blocks: list[tuple[str, list[str]]] = []
    current: list[str] | None = None
    for line in text.split("\n"):
        item = _ITEM.match(line)
        if item:
            current = [item[1].strip()]
            blocks.append(("item", current))
        elif not line.strip():
            current = None
        elif current is None:
            current = [line.strip()]
            blocks.append(("para", current))
        else:
            current.append(line.strip())
    points = []
    for n, (kind, block_lines) in enumerate(blocks):
        point = _EMAIL.sub("[e-mail]", " ".join(" ".join(block_lines).split()))
        lead_in = n + 1 < len(blocks) and blocks[n + 1][0] == "item" and point.endswith(":")
        if kind == "para" and lead_in and len(point) <= 120:
            continue
        if sum(ch.isalpha() for ch in point) >= 2:
            points.append(point)
    return points


# -- attachments -----------------------------------------------------------------------


def _attachments(msg: EmailMessage) -> tuple[list[Attachment], list[str]]:
    """DOCX and PDF attachments; a warning for each other attached file left out."""
    found: list[Attachment] = []
    warnings: list[str] = []
    for part in msg.walk():
        disposition = part.get_content_disposition()
        if part.is_multipart() or (disposition != "attachment" and not part.get_filename()):
            continue
        name = _filename(part.get_filename() or "")
        content_type = _document_type(name, part.get_content_type())
        data = part.get_payload(decode=True)
        if content_type and isinstance(data, bytes):
            found.append(Attachment(name, data, content_type))
        elif disposition == "attachment":
            warnings.append(
                _("attachment %(name)s is not a DOCX or PDF document and was left out")
                % {"name": name}
            )
    return found, warnings


def _filename(name: str) -> str:
    name = _CONTROL.sub(" ", name).replace("\\", "/").rsplit("/", 1)[-1].strip()
    return name[:100] or "attachment"


def _document_type(name: str, content_type: str) -> str:
    lower = name.lower()
    if content_type == DOCX_TYPE or lower.endswith(".docx"):
        return DOCX_TYPE
    if content_type == PDF_TYPE or lower.endswith(".pdf"):
        return PDF_TYPE
    return ""


def attachment_points(attachment: Attachment) -> list[Point]:
    """The points in a DOCX (by paragraph) or PDF (by page); MailRejected when unreadable."""
    name = attachment.filename
    try:
        if attachment.content_type == DOCX_TYPE:
            paragraphs = docx_paragraphs(attachment.data)
            return [_point(text, "%(name)s, paragraph %(n)d", name, n) for n, text in paragraphs]
        pages = pdf_pages(attachment.data)
    except MailRejected:
        raise
    except Exception as error:  # third-party parsers raise many kinds on damaged files
        raise MailRejected(
            _("attachment %(name)s could not be read (%(error)s)")
            % {"name": name, "error": type(error).__name__}
        ) from None
    return [
        _point(text, "%(name)s, page %(n)d", name, n)
        for n, page in enumerate(pages, 1)
        for text in points_split(page)
    ]


def _point(text: str, template: str, name: str, n: int) -> Point:
    return Point(_EMAIL.sub("[e-mail]", " ".join(text.split())), template % {"name": name, "n": n})


def docx_paragraphs(data: bytes) -> list[tuple[int, str]]:
    """(paragraph number, text) of each non-empty, non-heading paragraph of a DOCX."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED_BYTES:
            raise MailRejected(_("a DOCX attachment unpacks to more than 50 MB"))
    import docx

    found = []
    paragraphs = [p for p in docx.Document(io.BytesIO(data)).paragraphs if p.text.strip()]
    for n, paragraph in enumerate(paragraphs, 1):
        style = (paragraph.style.name if paragraph.style is not None else "").lower()
        if not style.startswith(("heading", "title", "kop")):
            found.append((n, paragraph.text))
    return found


def pdf_pages(data: bytes) -> list[str]:
    """The text of each page of a PDF (never run: scripts in a PDF are data to pypdf)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted and not reader.decrypt(""):
        raise MailRejected(_("a PDF attachment is protected by a password"))
    if len(reader.pages) > MAX_PDF_PAGES:
        raise MailRejected(_("a PDF attachment has more than 300 pages"))
    return [page.extract_text() or "" for page in reader.pages]


# -- routing ---------------------------------------------------------------------------

_SUBJECT_PREFIX = re.compile(r"^\s*((re|fw|fwd|aw|wg|antw|doorst)\s*:\s*)+", re.IGNORECASE)
_SUBJECT_SESSION = re.compile(r"^\s*(sessie|session|ronde|round)\s+([^:]{1,80}):", re.I)


def plus_tags(addresses: list[str]) -> list[str]:
    """The tags of plus-addresses: "inspraak+zorg@partij.nl" → "zorg"."""
    locals_ = [address.rsplit("@", 1)[0] for address in addresses if "@" in address]
    return [local.split("+", 1)[1] for local in locals_ if "+" in local.strip("+")]


def subject_tags(subject: str) -> list[str]:
    """Session or round names a subject points at: "[Zorg] …", "Sessie Zorg: …"."""
    subject = _SUBJECT_PREFIX.sub("", subject)
    tags = [tag.strip() for tag in re.findall(r"\[([^\[\]]{1,80})\]", subject)]
    named = _SUBJECT_SESSION.match(subject)
    if named:
        tags.append(named[2].strip())
    return [tag for tag in tags if tag]
