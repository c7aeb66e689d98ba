"""The address a request really comes from, for the login lockout and the staff's login records.

``REMOTE_ADDR`` is the peer of this server: behind a reverse proxy, the proxy. The proxy names the
client in ``X-Forwarded-For``, appending the address it saw to whatever the client sent, so the
header is believed only as far as it was written by proxies we trust, read from the right:

- ``DJANGO_TRUSTED_PROXIES`` (addresses or networks): when the peer is one of them, skip every
  trusted address from the right of the header; the first one left is the client. A request from
  anywhere else is its own client, whatever its header says.
- ``DJANGO_PROXY_COUNT`` (when the server is reachable only through that many proxies): the client
  is the address that many places from the right.

With neither, the header is ignored: a visitor can write anything in it.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=4)
def _trusted(values: tuple[str, ...]) -> tuple[Network, ...]:
    """The settings' addresses and networks ("10.0.0.1", "10.0.0.0/8", "::1"), checked there."""
    return tuple(ipaddress.ip_network(value, strict=False) for value in values)


def _address(value: str):
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def _is_trusted(address, networks) -> bool:
    return address is not None and any(address in network for network in networks)


def client_address(request) -> str:
    peer = request.META.get("REMOTE_ADDR", "")
    trusted = _trusted(tuple(settings.TRUSTED_PROXIES))
    proxy_count = settings.PROXY_COUNT
    if not trusted and not proxy_count:
        return peer
    forwarded = [
        hop.strip()
        for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if hop.strip()
    ]
    if trusted:
        if not _is_trusted(_address(peer), trusted):
            return peer
        for hop in reversed(forwarded):
            address = _address(hop)
            if address is None:
                break  # not written by a proxy of ours: the last trusted hop is all we know
            if not _is_trusted(address, trusted):
                return str(address)
            peer = str(address)
        return peer
    if len(forwarded) < proxy_count:
        return peer
    address = _address(forwarded[-proxy_count])
    return str(address) if address is not None else peer
