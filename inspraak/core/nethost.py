# SPDX-License-Identifier: EUPL-1.2
"""May inspraak open a connection to this host? Keeps organiser-given hosts off internal services.

An organiser types a mail server's name; without this check that name could point
the server at its own loopback, the local network or a cloud metadata address
(server-side request forgery). Every address the name resolves to must be public,
unless the operator allows private hosts (a mail server on the same machine).
"""

from __future__ import annotations

import ipaddress
import socket

from django.utils.translation import gettext as _


class HostRefused(Exception):
    """The host is not allowed, or cannot be resolved; the message is safe to show."""


def _private(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return not address.is_global or address.is_multicast or address.is_unspecified


def host_addresses(host: str) -> list[str]:
    """Every address the name resolves to (a literal address resolves to itself, 127.1 too)."""
    try:
        infos = socket.getaddrinfo(host.strip().strip("[]"), None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        raise HostRefused(_("the server name %(host)s cannot be found") % {"host": host}) from None
    return sorted({str(info[4][0]).split("%", 1)[0] for info in infos})


def host_check_public(host: str, *, allow_private: bool = False) -> list[str]:
    """The host's addresses; raises HostRefused when one is loopback, private, link-local or unspecified."""
    if not host.strip():
        raise HostRefused(_("give the server's name"))
    addresses = host_addresses(host)
    if allow_private:
        return addresses
    for text in addresses:
        if _private(ipaddress.ip_address(text)):
            raise HostRefused(
                _(
                    "%(host)s is an address on this machine or an internal network; "
                    "inspraak only connects to public mail servers"
                )
                % {"host": host}
            )
    return addresses
