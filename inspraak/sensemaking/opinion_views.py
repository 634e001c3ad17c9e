# SPDX-License-Identifier: EUPL-1.2
"""The opinion map page: groups, what represents them, consensus and division."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inspraak.consultations.access import access_consultation, sessions_visible_to
from inspraak.core.ids import id_parse
from inspraak.sensemaking.opinions import opinions_compute, opinions_latest

# Okabe–Ito: told apart by people with colour-blindness too.
GROUP_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00")
UNPLACED = "#9AA5AB"
MAP_SIZE, MARGIN = 400, 24


def _session(request: HttpRequest, consultation: Any) -> Any:
    raw = request.GET.get("session") or request.POST.get("session") or ""
    if not raw:
        return None
    session = sessions_visible_to(request.user, consultation).filter(pk=id_parse(raw) or 0).first()
    if session is None:
        raise Http404("No such session.")
    return session


def opinion_map(result: dict[str, Any]) -> list[dict[str, str]]:
    """Participants as points scaled into the SVG square, coloured by group (no identities).

    Coordinates are formatted here: a Dutch template would write 12.5 as "12,5",
    which is not SVG.
    """
    coords = result.get("pca", {})
    if not coords:
        return []
    xs = [c[0] for c in coords.values()]
    ys = [c[1] for c in coords.values()]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    scale = (MAP_SIZE - 2 * MARGIN) / span
    # Centre the cloud along its shorter side.
    left = MARGIN + (span - (max(xs) - min(xs))) * scale / 2
    top = MARGIN + (span - (max(ys) - min(ys))) * scale / 2
    points = []
    for pid, (x, y) in sorted(coords.items()):
        group = result["participants"].get(pid)
        colour = GROUP_COLOURS[group % len(GROUP_COLOURS)] if group is not None else UNPLACED
        points.append(
            {
                "x": f"{left + (x - min(xs)) * scale:.1f}",
                "y": f"{top + (max(ys) - y) * scale:.1f}",
                "colour": colour,
            }
        )
    return points


def _texts(result: dict[str, Any]) -> dict[str, str]:
    return result.get("statement_texts", {})


def _groups(result: dict[str, Any]) -> list[dict[str, Any]]:
    texts = _texts(result)
    return [
        {
            "number": g["id"] + 1,
            "size": g["size"],
            "colour": GROUP_COLOURS[g["id"] % len(GROUP_COLOURS)],
            "representative": [
                _representative(result, g["id"], r, texts) for r in g["representative"]
            ],
        }
        for g in result.get("groups", [])
    ]


def _representative(
    result: dict[str, Any], group: int, rep: dict[str, Any], texts: dict[str, str]
) -> dict[str, Any]:
    """A representative statement with the share of the group that voted its way.

    Pol.is adds a group's best-agreed statement even when its repness points the
    other way (repness.clj, select-rep-comments); it is shown as what the group agreed on.
    """
    direction = "agree" if rep.get("best_agree") else rep["direction"]
    shares = result["statements"][str(rep["statement"])]["groups"][group]
    return {
        "text": texts.get(str(rep["statement"]), "?"),
        "direction": direction,
        "percent": round(100 * shares[direction]),
    }


def _percent(share: float | None) -> int | None:
    return None if share is None else round(100 * share)


def _division(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Divided statements with, per group, the plain shares of the votes cast and beside
    them the smoothed estimate the engine judges division by ((1 + agree) / (2 + votes),
    Pol.is's prior), each labelled; and which way each group leans."""
    texts = _texts(result)
    rows = []
    for d in result.get("division", []):
        stats = result.get("statements", {}).get(str(d["statement"]), {}).get("groups", [])
        groups = []
        for g, smoothed in enumerate(d["agree_by_group"]):
            plain = stats[g] if g < len(stats) else {}
            agree, disagree = plain.get("agree"), plain.get("disagree")
            lean = "" if agree is None else ("agree" if agree > (disagree or 0) else "disagree")
            groups.append(
                {
                    "number": g + 1,
                    "votes": plain.get("votes", 0),
                    "agree": _percent(agree),
                    "disagree": _percent(disagree),
                    "pass": _percent(plain.get("pass")),
                    "smoothed": _percent(smoothed),
                    "lean": lean,
                }
            )
        rows.append({"text": texts.get(str(d["statement"]), "?"), "groups": groups})
    return rows


def _map_table(result: dict[str, Any]) -> dict[str, int]:
    placed = sum(1 for g in result.get("participants", {}).values() if g is not None)
    return {"placed": placed, "unplaced": len(result.get("pca", {})) - placed}


def opinion_groups_context(result: dict[str, Any]) -> dict[str, Any]:
    """What a page needs to show a run: map points, groups, consensus, division."""
    texts = _texts(result)
    return {
        "summary": result.get("summary", {}),
        "points": opinion_map(result),
        "map_size": MAP_SIZE,
        "groups": _groups(result),
        "consensus": [texts.get(str(s), "?") for s in result.get("consensus", [])],
        "division": _division(result),
        "unplaced": UNPLACED,
        "map_counts": _map_table(result),
    }


@login_required
def opinions_page(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = access_consultation(request.user, slug, manage=True)
    session = _session(request, consultation)
    run = opinions_latest(consultation=consultation, session=session)
    return render(
        request,
        "sensemaking/opinions.html",
        {
            "consultation": consultation,
            "session": session,
            "sessions": sessions_visible_to(request.user, consultation),
            "run": run,
            **opinion_groups_context(run.result if run else {}),
        },
    )


@login_required
@require_POST
def opinions_recompute(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = access_consultation(request.user, slug, manage=True)
    session = _session(request, consultation)
    opinions_compute(consultation=consultation, session=session, actor=request.user)
    messages.success(request, _("Opinion groups computed."))
    url = f"{request.path.rsplit('recompute/', 1)[0]}"
    return redirect(f"{url}?session={session.pk}" if session else url)
