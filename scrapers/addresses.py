"""Refuse to fetch from loopback, private and link-local addresses unless explicitly allowed.

Declarations are edited by people and imported from third parties; a URL (or a redirect) that
points at ``localhost``, a LAN address or a cloud metadata endpoint (169.254.169.254) must not
turn the refresher into a way to read the network it runs in.

Known limit: the name is resolved here and again by the HTTP client when it connects, so a DNS
server that answers differently the second time (DNS rebinding) is not stopped by this check.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


class AddressRefused(Exception):
    """The host must not be fetched; ``transient`` says whether trying later could help."""

    def __init__(self, reason: str, *, transient: bool) -> None:
        super().__init__(reason)
        self.reason, self.transient = reason, transient


def _kind(address: IPAddress) -> str | None:
    """Why an address is not public, or None when it is."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return _kind(address.ipv4_mapped)
    for kind, flag in (
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("private", address.is_private),
        ("multicast", address.is_multicast),
        ("unspecified", address.is_unspecified),
        ("reserved", address.is_reserved),
    ):
        if flag:
            return kind
    return None


@dataclass(frozen=True, slots=True)
class AddressGuard:
    """Resolves a host and checks every address it resolves to against the allow-list."""

    allowed: tuple[IPNetwork, ...] = ()

    @classmethod
    def allowing(cls, networks: Iterable[str]) -> AddressGuard:
        """A guard that lets these networks (``"127.0.0.1"``, ``"10.0.0.0/8"``) through."""
        return cls(tuple(ipaddress.ip_network(n, strict=False) for n in networks))

    def check_address(self, host: str, address: IPAddress) -> None:
        """Raise unless ``address`` is public or allow-listed.

        Raises:
            AddressRefused: the address is loopback, private, link-local, … and not allowed.
        """
        if any(address in network for network in self.allowed):
            return
        kind = _kind(address)
        if kind is not None:
            raise AddressRefused(
                f"refused: {host} resolves to {kind} address {address} (not on the allow-list)",
                transient=False,
            )

    async def check(self, host: str, port: int) -> None:
        """Resolve ``host`` and check every address, so one private answer is enough to refuse.

        Raises:
            AddressRefused: the name does not resolve, or an address is refused.
        """
        try:
            literal = ipaddress.ip_address(host)
        except ValueError:
            literal = None
        if literal is not None:
            self.check_address(host, literal)
            return
        loop = asyncio.get_running_loop()
        try:
            infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except socket.gaierror as exc:
            # EAI_AGAIN is a resolver hiccup; "no such name" will not fix itself by retrying soon.
            transient = exc.errno in {socket.EAI_AGAIN, getattr(socket, "EAI_SYSTEM", -11)}
            raise AddressRefused(
                f"DNS lookup failed for {host}: {exc.strerror}", transient=transient
            ) from exc
        for info in infos:
            self.check_address(host, ipaddress.ip_address(info[4][0]))
