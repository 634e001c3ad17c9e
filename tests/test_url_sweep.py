# SPDX-License-Identifier: EUPL-1.2
"""Every URL pattern, for everyone who has no right to what it names: never a 200.

The sweep walks Django's resolver, so a new URL is swept as soon as it exists. Its
arguments are filled from a fixture with two consultations: every URL names an object
of B (or of B's first session), and is requested by someone to whom it is not theirs:

- anonymous;
- a participant who joined B's *other* session from a phone;
- the facilitator of B's other session;
- the organiser of another consultation (A).

GET first; a view that only takes POST (405) is posted to with no data. Allowed answers
are 403, 404 (401 from the read API), and 302 to a login page (or, in the admin, to the admin's own "no such
object" redirect). Nothing may be written meanwhile.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from inspraak.consultations.invitations import invitation_accept, invitation_create
from inspraak.consultations.models import (
    Consultation,
    Contribution,
    Note,
    Participant,
    SessionFacilitator,
)
from inspraak.consultations.setup_services import prompt_save
from inspraak.core.models import AuditEvent

# Patterns without an argument name nothing of anyone's: a person's own dashboard, log-in,
# the code entry page. Listed so that a new one is looked at, not skipped silently.
NO_OBJECT = {
    "set_language",
    "dashboard",
    "consultation_new",
    "login",
    "logout",
    "healthz",
    "live_code",
    "api:openapi-json",  # the read API's description, no data
    "api:api-root",
}
# Public lists of what was published: they may answer 200, but must not name B, which
# published nothing (its one report version was revoked).
PUBLIC_LISTS = {"api:consultations"}
# Open to whoever holds the link or code, by design; tested below with a wrong one.
PUBLIC_BY_LINK = {"live_phone", "live_join", "web_form"}
# Admin pages that list rows: scoped per organiser, and tested for leaks in
# tests/core/test_access.py (test_admin_pages_of_organiser_b_contain_no_title_of_a).
ADMIN_LISTS = {"index", "login", "logout", "password_change", "password_change_done"}
ADMIN_LISTS |= {"autocomplete", "jsi18n", "app_list"}
# What each role may open of B by design.
ROLE_MAY = {"facilitator": {"consultation"}}

ROUTE_ARG = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
REGEX_ARG = re.compile(r"\(\?P<(?P<name>\w+)>(?P<body>[^()]*)\)")


def _walk(patterns: list[Any], prefix: tuple[Any, ...] = (), ns: str = "") -> Iterator[Any]:
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, (*prefix, p.pattern), p.namespace or ns)
        elif isinstance(p, URLPattern):
            yield (*prefix, p.pattern), ns, p.name or ""


def _args(pieces: tuple[Any, ...]) -> list[str]:
    names = []
    for piece in pieces:
        text = str(piece)
        names += [
            m["name"]
            for m in (
                REGEX_ARG.finditer(text) if text.startswith("^") else ROUTE_ARG.finditer(text)
            )
        ]
    return names


def _fill(pieces: tuple[Any, ...], value: Any) -> list[str]:
    """Every URL the pattern makes with the fixture's values (one per format choice)."""
    urls = [""]
    for piece in pieces:
        text = str(piece)
        if not text.startswith("^"):
            filled = ROUTE_ARG.sub(lambda m: str(value(m["name"], pieces)), text)
            urls = [u + filled for u in urls]
            continue
        variants = [text]
        for m in REGEX_ARG.finditer(text):
            if re.fullmatch(r"[\w|]+", m["body"]) and "|" in m["body"]:
                variants = [
                    v.replace(m[0], alt, 1) for v in variants for alt in m["body"].split("|")
                ]
        variants = [REGEX_ARG.sub(lambda m: str(value(m["name"], pieces)), v) for v in variants]
        variants = [v.lstrip("^").rstrip("$").replace("\\.", ".") for v in variants]
        urls = [u + v for u in urls for v in variants]
    return ["/" + u for u in urls]


@pytest.fixture
def world(make_user: Any, make_consultation: Any, make_consultation_b: Any) -> dict[str, Any]:
    alice = make_user("alice", is_staff=True)
    make_consultation(organiser=alice, title="A")
    return {**make_consultation_b, "alice": alice}


@pytest.fixture
def make_consultation_b(make_user: Any, make_consultation: Any) -> dict[str, Any]:
    """B, organised by bob, with one of everything a URL can name."""
    from inspraak.intake.webform.services import round_form_set
    from inspraak.live import cluster_services, poll_services
    from inspraak.live import services as live
    from inspraak.reports.services import (
        report_create,
        report_version_create,
        report_version_publish,
        report_version_revoke,
    )
    from inspraak.sensemaking.models import AnalysisRun, Theme
    from inspraak.votes.services import statement_create, vote_cast

    bob = make_user("bob", is_staff=True)
    b = make_consultation(organiser=bob, title="B", sessions=("Eerste", "Tweede"))
    round_ = b.rounds.get()
    s1, s2 = round_.sessions.order_by("position")
    prompt = prompt_save(
        session=s1, text="Wat speelt er?", per_participant_limit=3, position=None, actor=bob
    )
    live1 = live.live_open(session=s1, actor=bob)
    live2 = live.live_open(session=s2, actor=bob)
    p1 = live.participant_join(live=live1)
    postit = live.postit_create(
        live=live1, participant=p1, text="Geheim van sessie een", client_id=str(uuid.uuid4())
    )
    postit = postit[0] if isinstance(postit, tuple) else postit
    cluster = cluster_services.cluster_create(live=live1, name="Groep")
    poll = poll_services.poll_open(live=live1, text="Eens?", actor=bob)
    statement = statement_create(consultation=b, text="Stelling van B", actor=bob)
    vote_cast(statement=statement, participant=p1, value="agree")
    run = AnalysisRun.objects.create(consultation=b, round=round_, status="done")
    theme = Theme.objects.create(run=run, label="Thema van B")
    report = report_create(round=round_, actor=bob)
    report_version_create(report=report, actor=bob)
    version = report_version_publish(
        version=report_version_create(report=report, actor=bob), actor=bob
    )
    report_version_revoke(version=version, actor=bob)
    round_form_set(round=round_, is_open=True, intro="", new_link=False, actor=bob)
    used, used_token = invitation_create(consultation=b, sessions=[s1], actor=bob)
    invitation_accept(invitation=used, user=make_user("eve"))
    open_invitation, _token = invitation_create(consultation=b, sessions=[s1], actor=bob)
    carol = make_user("carol")
    SessionFacilitator.objects.create(session=s2, user=carol)
    note = Note.objects.create(session=s1, text="Notitie")
    from inspraak.api.services import api_token_create
    from inspraak.decisions.services import participant_link_get, participant_link_revoke

    api_token, _raw = api_token_create(consultation=b, name="lezer", actor=bob)
    own_link = participant_link_get(participant=p1)
    participant_link_revoke(link=own_link, actor=bob)
    return {
        "bob": bob, "b": b, "round": round_, "s1": s1, "s2": s2, "prompt": prompt,
        "live1": live1, "live2": live2, "p1": p1, "postit": postit, "cluster": cluster,
        "poll": poll, "statement": statement, "run": run, "theme": theme, "report": report,
        "version": version, "used_token": used_token, "invitation": open_invitation,
        "carol": carol, "note": note, "group": Group.objects.create(name="groep"),
        "api_token": api_token, "own_link": own_link,
    }  # fmt: skip


def _admin_object(w: dict[str, Any], route: str) -> int:
    """The pk of B's row of the model an admin URL is about."""
    app, model = route.split("/")[1:3]
    by_model = {
        "consultation": w["b"], "round": w["round"], "session": w["s1"], "prompt": w["prompt"],
        "participant": w["p1"], "contribution": w["postit"], "note": w["note"],
        "consultationorganiser": w["b"].organiser_grants.get(),
        "sessionfacilitator": w["s2"].facilitator_grants.get(), "statement": w["statement"],
        "vote": w["statement"].votes.get(), "analysisrun": w["run"], "theme": w["theme"],
        "auditevent": AuditEvent.objects.filter(consultation=w["b"]).first(), "user": w["bob"],
        "group": w["group"],
    }  # fmt: skip
    obj = by_model.get(model)
    # axes' log-in records belong to no consultation: any id does (the admin refuses first).
    return obj.pk if obj is not None else 1


def _valuer(w: dict[str, Any]) -> Any:
    simple = {
        "slug": w["b"].slug, "session_id": w["s1"].pk, "contribution_id": w["postit"].pk,
        "postit_id": w["postit"].pk, "participant_id": w["p1"].pk, "round_id": w["round"].pk,
        "prompt_id": w["prompt"].pk, "statement_id": w["statement"].pk,
        "invitation_id": w["invitation"].pk, "theme_id": w["theme"].pk,
        "report_id": w["report"].pk, "number": 1, "old": 1, "new": 2,
        "cluster_id": w["cluster"].pk, "poll_id": w["poll"].pk, "code": w["live1"].code,
        "content_type_id": ContentType.objects.get_for_model(Consultation).pk, "url": "nope/",
        "token_id": w["api_token"].pk,
    }  # fmt: skip

    def value(name: str, pieces: tuple[Any, ...]) -> Any:
        route = "".join(str(p) for p in pieces)
        if name == "token":
            if route.startswith("invite/"):
                return w["used_token"]
            if route.startswith("r/") or route.startswith("^r/"):
                return w["version"].public_token
            if route.startswith("mijn/"):
                return w["own_link"].token  # revoked: opens nothing
        if (
            name in ("object_id", "id")
            and route.startswith("admin/")
            and not route.startswith("admin/r/")
        ):
            return _admin_object(w, route)
        if name == "object_id":
            return w["b"].pk
        if name not in simple:
            raise AssertionError(f"The sweep cannot fill <{name}> in {route}: teach it in _valuer.")
        return simple[name]

    return value


def _sweep_urls(w: dict[str, Any]) -> list[tuple[str, str]]:
    """(name, url) of every pattern that names something, filled with B's objects."""
    value, swept = _valuer(w), []
    for pieces, ns, name in _walk(get_resolver().url_patterns):
        args = _args(pieces)
        if ns == "admin" and (name in ADMIN_LISTS or not set(args) - {"app_label"}):
            continue
        full = f"{ns}:{name}" if ns else name
        if not args and full in NO_OBJECT:
            continue
        # The read API's list answers by bearer token only: swept like the rest.
        if not args and ns != "api":
            raise AssertionError(f"New URL without arguments: classify {full!r} in NO_OBJECT.")
        if name in PUBLIC_BY_LINK:
            continue
        swept += [(full, url) for url in _fill(pieces, value)]
    return swept


def _clients(w: dict[str, Any]) -> dict[str, Client]:
    phone = Client()
    assert phone.post(reverse("live_join", args=[w["live2"].code])).status_code == 302
    facilitator, organiser = Client(), Client()
    facilitator.force_login(w["carol"])
    organiser.force_login(w["alice"])
    return {
        "anonymous": Client(),
        "participant": phone,
        "facilitator": facilitator,
        "organiser": organiser,
    }


def _refused(response: Any, url: str) -> bool:
    if response.status_code in (403, 404):
        return True
    if response.status_code == 401 and url.startswith("/api/"):
        return True  # the read API asks for its bearer token
    if response.status_code != 302:
        return False
    location = response["Location"]
    to_login = location.startswith(reverse("login")) or location.startswith(reverse("admin:login"))
    return to_login or (url.startswith("/admin/") and location.startswith("/admin/"))


def test_no_url_opens_what_is_not_yours(world: dict[str, Any]) -> None:
    clients = _clients(world)
    urls = _sweep_urls(world)
    assert len(urls) > 100  # the walk found the app's URLs, not just a few
    before = (AuditEvent.objects.count(), Contribution.objects.count(), Participant.objects.count())
    failures = []
    for role, client in clients.items():
        for name, url in urls:
            if name in ROLE_MAY.get(role, set()):
                continue
            response = client.get(url)
            if name in PUBLIC_LISTS:
                if world["b"].slug in response.content.decode():
                    failures.append(f"{role} {url} ({name}) lists B")
                continue
            if response.status_code == 405:
                response = client.post(url, {})
            if not _refused(response, url):
                failures.append(f"{role} {url} ({name}): {response.status_code}")
    assert not failures, "\n".join(failures)
    after = (AuditEvent.objects.count(), Contribution.objects.count(), Participant.objects.count())
    assert after == before


def test_the_facilitator_of_the_other_session_sees_only_that_one(world: dict[str, Any]) -> None:
    client = Client()
    client.force_login(world["carol"])
    page = client.get(reverse("consultation", args=[world["b"].slug])).content.decode()
    assert world["s2"].title in page and world["s1"].title not in page


def test_links_open_only_with_the_right_code_or_token(world: dict[str, Any]) -> None:
    client = Client()
    for url in ("/j/ZZZZZZ/", "/j/ZZZZZZ/join/", "/f/not-a-token/"):
        response = client.get(url)
        if response.status_code == 405:
            response = client.post(url, {})
        assert response.status_code == 404, url
    assert client.get(reverse("live_phone", args=[world["live1"].code])).status_code == 200
    assert world["invitation"].expires_at > timezone.now()  # an open link exists, unswept
