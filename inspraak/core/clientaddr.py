# SPDX-License-Identifier: EUPL-1.2
"""The client's address, for every rate limit: web form, phones and logins.

Behind nginx the leftmost X-Forwarded-For entry is whatever the client wrote, so
it must never be believed. `inspraak serve` runs uvicorn with `--proxy-headers`
and `--forwarded-allow-ips` set to INSPRAAK_TRUSTED_PROXIES; uvicorn then puts
the real client in REMOTE_ADDR. When REMOTE_ADDR is still a trusted proxy (another
server, or a proxy uvicorn was not told about), the header is read from the right:
the first hop that is not a trusted proxy is the client, as each proxy appends the
address it saw.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from typing import Any

from django.conf import settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(trusted: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in trusted if entry != "*")


def _trusted(address: str, trusted: tuple[str, ...]) -> bool:
    if "*" in trusted:
        return True
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False  # a garbled hop is not one of ours
    return any(ip in network for network in _networks(trusted))


def client_address(request: Any) -> str:
    """The address of whoever sent this request, as far as the trusted proxies can tell."""
    trusted = tuple(settings.INSPRAAK_TRUSTED_PROXIES)
    remote = request.META.get("REMOTE_ADDR", "") or ""
    if not _trusted(remote, trusted):
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for hop in reversed([hop for hop in hops if hop]):
        if not _trusted(hop, trusted):
            return hop if _valid(hop) else remote  # garbled: a proxy in between misbehaves
    return remote


def _valid(address: str) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True
