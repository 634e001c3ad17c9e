# SPDX-License-Identifier: EUPL-1.2
"""Builders for test messages: a DOCX made with python-docx, a PDF written by hand."""

from __future__ import annotations

import io
from email.message import EmailMessage
from pathlib import Path

FIXTURES = Path(__file__).parent.parent / "fixtures" / "mail"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def make_docx(paragraphs: list[str], heading: str = "") -> bytes:
    import docx

    document = docx.Document()
    if heading:
        document.add_heading(heading, level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def make_pdf(pages: list[list[str]], catalog_extra: str = "") -> bytes:
    """A minimal valid PDF: one Helvetica text line per entry, one page per list."""
    n_pages = len(pages)
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(n_pages))
    objects = [
        f"<< /Type /Catalog /Pages 2 0 R {catalog_extra}>>",
        f"<< /Type /Pages /Kids [{kids}] /Count {n_pages} >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for i, lines in enumerate(pages):
        shown = " ".join(f"({line}) Tj 0 -18 Td" for line in lines)
        stream = f"BT /F1 12 Tf 72 770 Td {shown} ET"
        objects.append(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>"
        )
        objects.append(f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream")
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out


def make_message(
    body: str = "Meer groen in de wijk.",
    *,
    sender: str = "Lid <lid@example.org>",
    subject: str = "Inbreng",
    message_id: str | None = "<inbreng-1@example.org>",
    to: str = "inspraak@partij.nl",
    attachments: tuple[tuple[str, bytes, str], ...] = (),
) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = "Thu, 19 Mar 2026 12:00:00 +0100"
    if message_id:
        msg["Message-ID"] = message_id
    msg.set_content(body)
    for name, data, content_type in attachments:
        maintype, subtype = content_type.split("/", 1)
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return msg.as_bytes()
