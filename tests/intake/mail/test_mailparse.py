# SPDX-License-Identifier: EUPL-1.2
"""Reading e-mail without a database: real-world-shaped messages in, clean points out."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inspraak.intake.mail.parse import (
    MailRejected,
    body_clean,
    html_to_text,
    mail_parse,
    plus_tags,
    points_split,
    subject_tags,
)
from tests.intake.mailhelpers import DOCX_TYPE, fixture, make_docx, make_message, make_pdf


def texts(raw: bytes) -> list[str]:
    return [point.text for point in mail_parse(raw).points]


def test_outlook_html_only_mail_becomes_bullets_without_signature_or_disclaimer() -> None:
    parsed = mail_parse(fixture("outlook_html_only.eml"))
    assert [p.text for p in parsed.points] == [
        "De eigen bijdrage voor de Wmo moet omlaag; nu betaalt een gezin gemiddeld € 250 per"
        " jaar & dat is te veel.",
        "Mantelzorgers verdienen een “respijtzorg”-regeling in elke gemeente, ook in de kleine"
        " kernen.",
        "Een crèche bij elk gezondheidscentrum zou ook helpen <script> is geen tag hier.",
    ]
    assert [p.detail for p in parsed.points] == ["point 1", "point 2", "point 3"]
    assert parsed.sender == "j.devries@gemeente-voorbeeld.nl"
    assert parsed.date is not None and parsed.date.isoformat() == "2026-03-17T08:41:10+00:00"
    for unwanted in ("gehackt", "MsoNormal", "Calibri", "uitsluitend bestemd", "Wethouder"):
        assert unwanted not in parsed.body


def test_gmail_reply_keeps_only_the_new_text() -> None:
    parsed = mail_parse(fixture("gmail_reply.eml"))
    assert [p.text for p in parsed.points] == [
        "Wat ik mis in het stuk: de wachtlijsten in de jeugdzorg. Gezinnen wachten nu vaak meer"
        " dan een half jaar op hulp, en intussen escaleren problemen.",
        "Verder zou ik de wijkverpleging een vaste plek geven in elk gezondheidscentrum.",
    ]
    assert "schreef" not in parsed.body and "Gemeenteraadslid" not in parsed.body
    assert parsed.message_id == "<CAKx7dE1pQ2+Zx9vFqR_3mWgmail0001@mail.gmail.com>"
    assert subject_tags(parsed.subject) == ["Zorg"]


def test_quoted_printable_latin1_numbered_list() -> None:
    parsed = mail_parse(fixture("qp_latin1_numbered.eml"))
    assert [p.text for p in parsed.points] == [
        "De bijstand moet omhoog; met de huidige normen redden gezinnen het niet meer aan het"
        " eind van de maand.",
        "Reïntegratie moet weer maatwerk worden, met een vaste klantmanager per persoon.",
        "Laat gemeenten de kostendelersnorm afschaffen voor jongeren tot 27 jaar (één huishouden,"
        " één uitkering werkt niet).",
    ]
    assert plus_tags(parsed.recipients) == ["werk-en-inkomen"]


def test_base64_utf8_bullets_hide_addresses_and_drop_the_iphone_line() -> None:
    parsed = mail_parse(fixture("base64_utf8_bullets.eml"))
    assert [p.text for p in parsed.points] == [
        "Geveltuinen subsidiëren in álle wijken, niet alleen in het centrum.",
        "Schoolpleinen vergroenen en na schooltijd openstellen.",
        "Een boom per nieuwgeboren kind, zoals in Zwolle.",
        "Bel me gerust: [e-mail] of 06-11223344.",
    ]
    assert parsed.subject == "Sessie Groen: ideeën"
    assert subject_tags(parsed.subject) == ["Groen"]


def test_windows_1252_declared_as_latin1_is_read_as_windows_1252() -> None:
    raw = (
        b"From: a@example.org\nSubject: x\nContent-Type: text/plain; charset=iso-8859-1\n\n"
        b"Het \x93klimaatfonds\x94 kost \x80 5 miljoen.\n"
    )
    assert texts(raw) == ["Het “klimaatfonds” kost € 5 miljoen."]


def test_unknown_charset_falls_back_without_error() -> None:
    raw = b"From: a@example.org\nContent-Type: text/plain; charset=x-unknown\n\nMeer bankjes.\n"
    assert texts(raw) == ["Meer bankjes."]


def test_outlook_plain_reply_and_forwarded_history_are_cut() -> None:
    text = (
        "Eens met het voorstel.\n\n"
        "________________________________\n"
        "Van: Secretariaat <s@partij.nl>\nVerzonden: maandag 16 maart 2026 09:00\n"
        "Aan: Leden\nOnderwerp: Inbreng\n\nOude tekst\n"
    )
    assert points_split(body_clean(text)) == ["Eens met het voorstel."]
    forwarded = "Zie hieronder.\n\n---------- Forwarded message ---------\nFrom: x\n\nOud"
    assert body_clean(forwarded) == "Zie hieronder."


@pytest.mark.parametrize(
    "ending",
    [
        "Met vriendelijke groet,\nJan Jansen\nAfdeling Utrecht",
        "Vriendelijke groeten\n\nJan",
        "Kind regards,\nJan",
        "Sent from my iPhone",
        "Verzonden met Outlook voor Android",
        "-- \nJan Jansen | 06-1234",
        "This e-mail is intended solely for the addressee. If you are not the intended"
        " recipient, please notify the sender.",
    ],
)
def test_closings_signatures_and_disclaimers_are_stripped(ending: str) -> None:
    assert points_split(body_clean(f"Beste Jan,\n\nMeer groen.\n\n{ending}\n")) == ["Meer groen."]


def test_paragraphs_are_points_and_wrapped_lines_are_joined() -> None:
    text = "Hallo,\n\nEerste gedachte loopt\nover twee regels.\n\nTweede gedachte.\n"
    assert points_split(body_clean(text)) == [
        "Eerste gedachte loopt over twee regels.",
        "Tweede gedachte.",
    ]


def test_lead_in_before_a_list_is_dropped_but_other_paragraphs_stay() -> None:
    text = "Mijn punten:\n- een\n- twee\n\nTot slot: drie.\n"
    assert points_split(text) == ["een", "twee", "Tot slot: drie."]


def test_html_to_text_never_keeps_markup_or_script() -> None:
    html = (
        "<style>p{color:red}</style><p>Een &amp; twee&nbsp;&eacute;</p>"
        "<script>document.write('x')</script><ol><li>eerste</li><li>tweede</li></ol>"
        "<img src=x onerror=alert(1)><iframe>binnen</iframe><p>na</p>"
    )
    text = html_to_text(html)
    assert text == "Een & twee\u00a0é\n\n1. eerste\n2. tweede\n\nna".replace("\u00a0", " ")
    assert "<" not in text and "alert" not in text and "binnen" not in text


def test_html_blockquote_reply_is_skipped() -> None:
    html = "<div>Nieuw</div><blockquote><div>oud</div><p>ouder</p></blockquote><div>ook nieuw</div>"
    assert html_to_text(html) == "Nieuw\n\nook nieuw"


def test_docx_and_pdf_attachments_become_points_with_provenance() -> None:
    docx = make_docx(["Zwembad openhouden.", "", "Bibliotheek in elke kern."], heading="Voorstel")
    pdf = make_pdf([["- Fietspad langs de N35", "- Bus ook in de avond"], ["Meer handhaving."]])
    raw = make_message(
        "Zie de bijlagen.",
        attachments=(
            ("voorstel.docx", docx, DOCX_TYPE),
            ("wensen.pdf", pdf, "application/pdf"),
            ("foto.jpg", b"\xff\xd8", "image/jpeg"),
        ),
    )
    parsed = mail_parse(raw)
    assert [(p.text, p.detail) for p in parsed.points] == [
        ("Zie de bijlagen.", "point 1"),
        ("Zwembad openhouden.", "voorstel.docx, paragraph 2"),
        ("Bibliotheek in elke kern.", "voorstel.docx, paragraph 3"),
        ("Fietspad langs de N35", "wensen.pdf, page 1"),
        ("Bus ook in de avond", "wensen.pdf, page 1"),
        ("Meer handhaving.", "wensen.pdf, page 2"),
    ]
    assert [(a.filename, a.content_type) for a in parsed.attachments] == [
        ("voorstel.docx", DOCX_TYPE),
        ("wensen.pdf", "application/pdf"),
    ]
    assert parsed.attachments[0].data == docx
    assert parsed.warnings == ["attachment foto.jpg is not a DOCX or PDF document and was left out"]


def test_attachment_only_message_is_imported_from_the_attachment() -> None:
    raw = make_message("", attachments=(("a.docx", make_docx(["Alleen bijlage."]), DOCX_TYPE),))
    assert texts(raw) == ["Alleen bijlage."]


def test_pdf_with_javascript_is_only_read() -> None:
    pdf = make_pdf(
        [["Gewone tekst."]], catalog_extra="/OpenAction << /S /JavaScript /JS (app.alert(1)) >> "
    )
    raw = make_message("Bijlage.", attachments=(("js.pdf", pdf, "application/pdf"),))
    assert texts(raw) == ["Bijlage.", "Gewone tekst."]


def test_zip_bomb_and_broken_attachments_are_left_out_with_a_warning() -> None:
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (60 * 1024 * 1024))
    raw = make_message(
        "Tekst.",
        attachments=(
            ("bom.docx", bomb.getvalue(), DOCX_TYPE),
            ("kapot.pdf", b"%PDF-1.4 niets", "application/pdf"),
        ),
    )
    parsed = mail_parse(raw)
    assert [p.text for p in parsed.points] == ["Tekst."]
    assert parsed.warnings[0] == "a DOCX attachment unpacks to more than 50 MB"
    assert parsed.warnings[1].startswith("attachment kapot.pdf could not be read")


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00binary", "this is not an e-mail message: it has no headers"),
        (b"Subject: geen afzender\n\nTekst.\n", "the message has no valid sender (From) address"),
        (b"From: nobody\n\nTekst.\n", "the message has no valid sender (From) address"),
        (make_message("Hoi,\n\nMet vriendelijke groet,\nJan"), "the message has no text to import"),
    ],
)
def test_bad_input_is_rejected_with_a_clear_message(raw: bytes, message: str) -> None:
    with pytest.raises(MailRejected) as info:
        mail_parse(raw)
    assert str(info.value) == message


def test_message_without_message_id_gets_a_hash_of_its_bytes() -> None:
    raw = make_message(message_id=None)
    first, second = mail_parse(raw), mail_parse(raw)
    assert first.message_id.startswith("sha256:") and first.message_id == second.message_id
    assert mail_parse(raw + b"\n").message_id != first.message_id


def test_header_injection_is_flattened() -> None:
    raw = make_message(subject="=?utf-8?q?Zorg=0D=0ABcc:_x@evil.example?=")
    parsed = mail_parse(raw)
    assert "\n" not in parsed.subject and "\r" not in parsed.subject


def test_routing_helpers() -> None:
    assert plus_tags(["inspraak+zorg@partij.nl", "x@partij.nl", "+@a.nl"]) == ["zorg"]
    assert subject_tags("Re: Fwd: [Werk en inkomen] mijn punten") == ["Werk en inkomen"]
    assert subject_tags("AW: Sessie Zorg: aanvulling") == ["Zorg"]
    assert subject_tags("Gewoon een onderwerp") == []


@pytest.mark.parametrize(
    ("first_line", "kept"),
    [
        ("Beste Jan,", False),
        ("Hallo allemaal!", False),
        ("Beste commissieleden", False),
        ("Goedemorgen", False),
        ("Beste idee: meer bomen in de wijk.", True),
        ("Dagbesteding moet blijven.", True),
        ("Hierbij mijn punten.", True),
    ],
)
def test_only_greeting_lines_are_dropped(first_line: str, kept: bool) -> None:
    assert (body_clean(f"{first_line}\n\nMeer groen.") != "Meer groen.") is kept


@settings(max_examples=200, deadline=None)
@given(
    st.binary(max_size=2000) | st.text(max_size=2000).map(lambda t: f"From: a@b.nl\n\n{t}".encode())
)
def test_any_bytes_either_parse_or_are_rejected(raw: bytes) -> None:
    try:
        parsed = mail_parse(raw)
    except MailRejected:
        return
    assert parsed.points and all(point.text.strip() for point in parsed.points)


def test_html_with_an_unclosed_head_still_has_its_body() -> None:
    assert html_to_text("<html><head><title>t</title><body><p>Tekst</p>") == "Tekst"
