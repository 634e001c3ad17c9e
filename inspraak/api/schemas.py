# SPDX-License-Identifier: EUPL-1.2
"""The API's response shapes; the OpenAPI schema is generated from them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ninja import Schema


class Error(Schema):
    detail: Any


class RoundOut(Schema):
    id: int
    title: str
    date: date | None
    place: str
    decisions_published: bool


class ConsultationOut(Schema):
    slug: str
    title: str
    description: str
    language: str


class ConsultationDetail(ConsultationOut):
    rounds: list[RoundOut]


class SessionOut(Schema):
    id: int
    title: str
    present: int


class SessionCount(Schema):
    participants: int
    present: int


class ChapterOut(Schema):
    number: int
    title: str


class DispositionOut(Schema):
    status: str
    status_label: str
    explanation: str
    chapters: list[ChapterOut]
    meeting_title: str | None
    meeting_date: date | None
    decided_at: datetime | None
    needs_review: bool


class ThemeOut(Schema):
    id: int
    label: str
    keywords: list[str]
    support: str
    participants: int
    present: int
    by_session: dict[str, SessionCount]
    disposition: DispositionOut | None


class ReportOut(Schema):
    number: int
    published_at: datetime | None
    link: str
    document: dict[str, Any]


class DecisionOut(DispositionOut):
    label: str
    scope: str
    contributions: int
