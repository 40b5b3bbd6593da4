"""Fetch only from globally routable addresses, and connect to exactly the address that was checked.

Declarations are edited by people and imported from third parties; a URL (or a redirect) that
points at ``localhost``, a LAN address, carrier-grade NAT (``100.64.0.0/10``) or a cloud metadata
endpoint must not turn the refresher into a way to read the network it runs in.

The rule is an allow-rule, not a list of bad ranges: an address passes only when Python's
``ipaddress`` calls it *global* and, for IPv6 forms that carry an IPv4 address inside (mapped,
6to4 ``2002::/16``, Teredo ``2001::/32``, NAT64 ``64:ff9b::/96`` and ``64:ff9b:1::/48``), the embedded
IPv4 address is global too. Ranges nobody has thought of yet are refused by default.

DNS rebinding: :class:`PinnedBackend` resolves the name *at connect time*, checks every address
and opens the socket to the checked address itself, so a resolver that answers differently the
second time cannot swap a private address in after the check.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpcore

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], Awaitable[Sequence[str]]]
"""Name and port → the addresses to try, as strings (the system resolver unless told otherwise)."""

NAT64 = (ipaddress.IPv6Network("64:ff9b::/96"), ipaddress.IPv6Network("64:ff9b:1::/48"))


class AddressRefused(Exception):
    """The host must not be fetched; ``transient`` says whether trying later could help."""

    def __init__(self, reason: str, *, transient: bool) -> None:
        super().__init__(reason)
        self.reason, self.transient = reason, transient


def embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries (mapped, 6to4, Teredo client, NAT64), if any."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if any(address in network for network in NAT64):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def _kind(address: IPAddress) -> str | None:
    """Why an address is not globally routable, or None when it is."""
    if isinstance(address, ipaddress.IPv6Address):
        inner = embedded_ipv4(address)
        if inner is not None:
            why = _kind(inner)
            return f"{why} (inside {address})" if why else None
    for kind, flag in (
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("unspecified", address.is_unspecified),
        ("private", address.is_private),
        ("reserved", address.is_reserved),
    ):
        if flag:
            return kind
    if not address.is_global:
        return "non-global"
    return None


async def system_resolver(host: str, port: int) -> Sequence[str]:
    """Every address the system resolver gives for ``host`` (TCP)."""
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


@dataclass(frozen=True, slots=True)
class AddressGuard:
    """Resolves a host and checks every address it resolves to against the rule and allow-list."""

    allowed: tuple[IPNetwork, ...] = ()
    resolver: Resolver = field(default=system_resolver)

    @classmethod
    def allowing(cls, networks: Iterable[str], resolver: Resolver | None = None) -> AddressGuard:
        """A guard that lets these networks (``"127.0.0.1"``, ``"10.0.0.0/8"``) through."""
        return cls(
            tuple(ipaddress.ip_network(n, strict=False) for n in networks),
            resolver or system_resolver,
        )

    def check_address(self, host: str, address: IPAddress) -> None:
        """Raise unless ``address`` is globally routable or allow-listed.

        Raises:
            AddressRefused: the address is loopback, private, CGNAT, … and not allowed.
        """
        if any(address in network for network in self.allowed):
            return
        kind = _kind(address)
        if kind is not None:
            raise AddressRefused(
                f"refused: {host} resolves to {kind} address {address} (not on the allow-list)",
                transient=False,
            )

    async def resolve(self, host: str, port: int) -> list[IPAddress]:
        """Resolve ``host`` and check every address, so one refused answer is enough to refuse.

        Raises:
            AddressRefused: the name does not resolve, or an address is refused.
        """
        try:
            literal = ipaddress.ip_address(host.strip("[]"))
        except ValueError:
            literal = None
        if literal is not None:
            self.check_address(host, literal)
            return [literal]
        try:
            answers = await self.resolver(host, port)
        except socket.gaierror as exc:
            # EAI_AGAIN is a resolver hiccup; "no such name" will not fix itself by retrying soon.
            transient = exc.errno in {socket.EAI_AGAIN, getattr(socket, "EAI_SYSTEM", -11)}
            raise AddressRefused(
                f"DNS lookup failed for {host}: {exc.strerror}", transient=transient
            ) from exc
        except UnicodeError as exc:
            # The IDNA codec refuses the name before any lookup (an empty label, one over 63
            # characters): a typed webhook URL or a vendor's redirect can carry one, and it is
            # the caller's mistake for good, never an internal error.
            raise AddressRefused(
                f"refused: {host} is not a valid host name", transient=False
            ) from exc
        addresses = [ipaddress.ip_address(answer.split("%")[0]) for answer in answers]
        if not addresses:
            raise AddressRefused(f"DNS lookup for {host} gave no address", transient=True)
        for address in addresses:
            self.check_address(host, address)
        return addresses

    async def check(self, host: str, port: int) -> None:
        """Check ``host`` before any work is done for it (robots.txt, politeness slots).

        Raises:
            AddressRefused: the name does not resolve, or an address is refused.
        """
        await self.resolve(host, port)


class PinnedBackend(httpcore.AsyncNetworkBackend):
    """httpcore's network backend, connecting only to addresses the guard has just checked.

    TLS still verifies the certificate for the host name (httpcore passes the name as SNI), so
    pinning the address changes where we connect, never whom we trust.
    """

    def __init__(self, guard: AddressGuard) -> None:
        self._guard = guard
        self._inner: httpcore.AsyncNetworkBackend = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = await self._guard.resolve(host, port)
        last: Exception | None = None
        for address in addresses:
            try:
                return await self._inner.connect_tcp(
                    str(address), port, timeout, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        raise last or httpcore.ConnectError(f"no address to connect to for {host}")

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("unix sockets are not used for vendor pages")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


__all__ = ["AddressGuard", "AddressRefused", "PinnedBackend", "embedded_ipv4"]
