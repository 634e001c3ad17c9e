# SPDX-License-Identifier: EUPL-1.2
"""Reading Markdown, DOCX and PDF reports into a flat list of blocks.

Pure: no database. Each reader returns headings, paragraphs and bullets in
document order with where they were found (line for Markdown, page for PDF);
docparse.py turns blocks into sessions, themes and points. A reader raises
FileRejected when the file is not what its name says.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass

from django.utils.translation import gettext as _

from inspraak.core.text import text_clean
from inspraak.intake.files import FileRejected, Problem

HEADING, PARAGRAPH, BULLET = "heading", "paragraph", "bullet"
# A DOCX or XLSX is a zip: refuse one that would unpack to more than this many bytes.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_PDF_PAGES = 500
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_BULLET = re.compile(r"^\s*(?:[-*+•–]|\d{1,3}[.)])\s+(.*)$")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*{1,3}|_{2,3})(\S(?:.*?\S)?)\1")
_LEADING_HASHES = re.compile(r"^#{1,6}\s+")
TERMINAL = tuple(".!?:;")


@dataclass
class Block:
    kind: str  # HEADING, PARAGRAPH or BULLET
    text: str
    level: int = 0  # headings: 1-6, 0 for a document title, 7 for a bold-only line
    line: int | None = None
    page: int | None = None

    def __post_init__(self) -> None:
        # Headings become session titles and provenance too: clean the text at the source.
        self.text = text_clean(self.text)


def inline_text(text: str) -> str:
    """Markdown inline markup removed: emphasis, links (their words kept), code ticks."""
    text = _LINK.sub(r"\1", text)
    text = _EMPHASIS.sub(r"\2", text)
    text = text.replace("`", "")
    return " ".join(text.split())


def _rejected(file_name: str, problem: str, line: int = 0) -> FileRejected:
    return FileRejected(file_name, [Problem(line, "-", problem)])


def markdown_blocks(data: bytes, file_name: str) -> list[Block]:
    """Blocks of a Markdown file; a blank line ends a paragraph or bullet."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise _rejected(file_name, _("the file is not UTF-8 text"), line) from None
    blocks: list[Block] = []
    current: Block | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        current = _markdown_line(raw, number, blocks, current)
    return [b for b in blocks if b.text]


def _markdown_line(
    raw: str, number: int, blocks: list[Block], current: Block | None
) -> Block | None:
    """Add one line to `blocks`; returns the block later lines may continue."""
    if not raw.strip():
        return None
    heading = _MD_HEADING.match(raw)
    if heading:
        text = inline_text(heading.group(2))
        blocks.append(Block(HEADING, text, level=len(heading.group(1)), line=number))
        return None
    bullet = _MD_BULLET.match(raw)
    if bullet:
        # "- # groen hoort in de stad": a heading mark inside a bullet is only decoration.
        text = inline_text(_LEADING_HASHES.sub("", bullet.group(1).strip()))
        block = Block(BULLET, text, line=number)
        blocks.append(block)
        return block
    if current is not None:
        current.text = f"{current.text} {inline_text(raw)}".strip()
        return current
    block = Block(PARAGRAPH, inline_text(raw), line=number)
    blocks.append(block)
    return block


def zip_checked(data: bytes, file_name: str, what: str) -> None:
    """Refuse what is not a zip, a zip bomb, and XML with a DTD, before a library unpacks it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            if unpacked > MAX_UNPACKED_BYTES:
                raise _rejected(file_name, _("the file unpacks to more than the limit"))
            dtd = any(_has_dtd(archive, info) for info in archive.infolist())
    except (
        zipfile.BadZipFile,
        ValueError,
        OSError,
        EOFError,
        zlib.error,
        RuntimeError,
        NotImplementedError,
    ):  # damaged
        raise _rejected(
            file_name, _("the file is not a %(what)s file (not a zip archive)") % {"what": what}
        ) from None
    if dtd:
        # Office never writes a DTD; one here is an entity attack (XXE, billion laughs).
        raise _rejected(
            file_name,
            _("the %(what)s file declares XML entities (a DTD), which office files never do")
            % {"what": what},
        )


_DTD_MARKS = tuple("<!DOCTYPE".encode(codec) for codec in ("ascii", "utf-16-le", "utf-16-be"))


def _has_dtd(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Whether an XML part declares a DTD; reads at most the declared size (checked above)."""
    if not info.filename.lower().endswith((".xml", ".rels", ".vml")):
        return False
    try:
        with archive.open(info) as part:
            content = part.read(info.file_size + 1)
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, RuntimeError, NotImplementedError):
        return False  # a damaged part: the reader refuses it as damaged
    return any(mark in content for mark in _DTD_MARKS)


def docx_blocks(data: bytes, file_name: str) -> list[Block]:
    """Blocks of a Word document: heading styles give levels, list styles give bullets."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    zip_checked(data, file_name, "DOCX")
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError):
        raise _rejected(file_name, _("the file is not a Word (DOCX) document")) from None
    except Exception:  # a damaged zip member or XML part: zipfile, zlib and lxml raise many kinds
        raise _rejected(file_name, _("the Word (DOCX) document is damaged")) from None
    blocks = []
    try:
        for paragraph in document.paragraphs:
            text = " ".join(paragraph.text.split())
            if text:
                blocks.append(_docx_block(paragraph, text))
    except Exception:  # well-formed XML that is not a Word document body
        raise _rejected(file_name, _("the Word (DOCX) document is damaged")) from None
    return blocks


def _docx_block(paragraph: object, text: str) -> Block:
    style = (getattr(paragraph.style, "name", "") or "").lower()  # type: ignore[attr-defined]
    level = re.search(r"(?:heading|kop)\s*(\d)", style)
    if level:
        return Block(HEADING, text, level=int(level.group(1)))
    if style in {"title", "titel"}:
        return Block(HEADING, text, level=0)
    numbered = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None  # type: ignore[attr-defined]
    if "list" in style or "lijst" in style or numbered:
        return Block(BULLET, text)
    runs = [run for run in paragraph.runs if run.text.strip()]  # type: ignore[attr-defined]
    if runs and all(run.bold for run in runs) and len(text) <= 100 and not text.endswith("."):
        return Block(HEADING, text, level=7)
    return Block(PARAGRAPH, text)


def pdf_blocks(data: bytes, file_name: str) -> list[Block]:
    """Blocks of a PDF's text. PDFs keep no structure, so headings are guessed (see docs)."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages[:MAX_PDF_PAGES]]
    except (PdfReadError, ValueError, KeyError, TypeError, OSError):
        raise _rejected(file_name, _("the file is not a readable PDF")) from None
    except Exception:  # pypdf raises many other kinds on a damaged file
        raise _rejected(file_name, _("the file is not a readable PDF")) from None
    if len(reader.pages) > MAX_PDF_PAGES:
        raise _rejected(file_name, _("the PDF has more than %(n)d pages") % {"n": MAX_PDF_PAGES})
    blocks: list[Block] = []
    for number, text in enumerate(pages, start=1):
        blocks += _pdf_page_blocks(text, number)
    return blocks


def _pdf_page_blocks(text: str, page: int) -> list[Block]:
    lines = [" ".join(line.split()) for line in text.splitlines()]
    width = max((len(line) for line in lines), default=0)
    blocks: list[Block] = []
    current: Block | None = None
    for line in lines:
        bullet = _MD_BULLET.match(line)
        ended = current is None or current.text.endswith(TERMINAL)
        if not line:
            current = None
        elif bullet:
            current = Block(BULLET, bullet.group(1), page=page)
            blocks.append(current)
        elif ended and _looks_like_heading(line, width):
            blocks.append(Block(HEADING, line.rstrip(":"), level=_pdf_level(line), page=page))
            current = None
        elif current is not None:
            current.text = f"{current.text} {line}"
        else:
            current = Block(PARAGRAPH, line, page=page)
            blocks.append(current)
        if current is not None and line.endswith(TERMINAL) and len(line) < 0.75 * width:
            current = None  # a short line that ends a sentence ends its paragraph
    return blocks


def _looks_like_heading(line: str, width: int) -> bool:
    # Short, capitalised, no closing punctuation, and clearly narrower than body text.
    return (len(line) <= min(80, 0.75 * width) or len(line) <= 30) and (
        line[0].isupper()
        and not line.endswith((".", ",", ";", "!", "?"))
        and len(line.split()) <= 12
    )


def _pdf_level(line: str) -> int:
    return 2 if line.lower().startswith("sessie ") else 3
