# SPDX-License-Identifier: EUPL-1.2
"""The phone's participant token (a signed cookie) and the write rate limits.

The token names one participant in one live session; it is signed with the
server's secret key and refused by every other session.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from inspraak.consultations.models import Participant
from inspraak.live.models import LiveSession

SALT = "inspraak.live.participant"
MAX_AGE_S = 7 * 24 * 3600


def cookie_name(live: LiveSession) -> str:
    return f"inspraak_live_{live.pk}"


def token_make(*, live: LiveSession, participant: Participant) -> str:
    return signing.dumps({"s": live.pk, "p": participant.pk}, salt=SALT, compress=False)


def token_participant(token: str, *, live: LiveSession) -> Participant | None:
    """The participant a token names, if it was made for this live session."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=MAX_AGE_S)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict) or payload.get("s") != live.pk:
        return None
    return Participant.objects.filter(
        pk=payload.get("p"), consultation_id=live.session.round.consultation_id
    ).first()


def access_phone(request: HttpRequest, live: LiveSession) -> Participant | None:
    """The participant this phone joined as, from its cookie; None when it has not joined."""
    token = request.COOKIES.get(cookie_name(live), "")
    return token_participant(token, live=live) if token else None


def token_set(response: HttpResponse, *, live: LiveSession, participant: Participant) -> None:
    response.set_cookie(
        cookie_name(live),
        token_make(live=live, participant=participant),
        max_age=MAX_AGE_S,
        path=f"/j/{live.code}/",
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def _over(key: str, limit: int) -> bool:
    # Fixed one-minute windows in the cache: cheap, and good enough to stop a flood.
    cache.add(key, 0, 60)
    try:
        return cache.incr(key) > limit
    except ValueError:  # expired between add and incr
        cache.set(key, 1, 60)
        return False


def rate_limited(request: HttpRequest, *, token: Any = "") -> bool:
    """Count one live write for this address (and token); True when over a limit."""
    from inspraak.core.clientaddr import client_address

    address = client_address(request)
    if _over(f"live:ip:{address}", settings.INSPRAAK_LIVE_RATE_PER_IP_MIN):
        return True
    return bool(token) and _over(f"live:tok:{token}", settings.INSPRAAK_LIVE_RATE_PER_TOKEN_MIN)
