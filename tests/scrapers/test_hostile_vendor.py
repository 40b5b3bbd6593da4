"""A hostile or broken vendor site, served by a real local HTTP server (issue 12, items 1, 6, 12).

Decompression bombs, stacked and unknown encodings, addresses that are not globally routable
(CGNAT, 6to4, Teredo, NAT64) and DNS answers that change between the check and the connection.
"""

from __future__ import annotations

import asyncio
import dataclasses
import gzip
import ipaddress
import tracemalloc
import zlib
from collections.abc import Sequence

import brotli
import pytest
from pytest_httpserver import HTTPServer

from scrapers.addresses import AddressGuard, AddressRefused, embedded_ipv4
from scrapers.charset import decode, detect
from scrapers.fetch import FetchError, FetchResult, FetchSettings, fetch_all

PAGE = b"<html><body><main><p>We keep your messages in the EU.</p></main></body></html>"


def one(settings: FetchSettings, url: str) -> FetchResult | FetchError:
    [outcome] = fetch_all([url], settings)
    return outcome


def zeros_gzip(megabytes: int) -> bytes:
    """A gzip stream of ``megabytes`` MiB of zeros, built in pieces (the bomb is ~1000:1)."""
    stream = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(1024 * 1024)
    parts = [stream.compress(block) for _ in range(megabytes)]
    return b"".join(parts) + stream.flush()


def test_a_gzip_bomb_stops_at_the_decoded_cap_without_spending_the_memory(
    site: HTTPServer, settings: FetchSettings
) -> None:
    bomb = zeros_gzip(200)
    assert len(bomb) < 250_000
    site.expect_request("/privacy").respond_with_data(
        bomb, content_type="text/html", headers={"Content-Encoding": "gzip"}
    )
    capped = dataclasses.replace(settings, max_bytes=1024 * 1024)
    tracemalloc.start()
    try:
        outcome = one(capped, site.url_for("/privacy"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(outcome, FetchError)
    assert outcome.reason == "body exceeds the limit of 1048576 bytes after decoding"
    assert not outcome.transient
    assert peak < 16 * 1024 * 1024  # a few times the cap, never the 200 MiB the bomb expands to


def test_brotli_and_unknown_encodings_are_refused_as_we_never_asked_for_them(
    site: HTTPServer, settings: FetchSettings
) -> None:
    bomb = brotli.compress(bytes(64 * 1024 * 1024), quality=1)
    site.expect_request("/br").respond_with_data(
        bomb, content_type="text/html", headers={"Content-Encoding": "br"}
    )
    site.expect_request("/zstd").respond_with_data(
        b"x", content_type="text/html", headers={"Content-Encoding": "zstd"}
    )
    outcomes = fetch_all([site.url_for("/br"), site.url_for("/zstd")], settings)
    assert [o.reason for o in outcomes if isinstance(o, FetchError)] == [
        "content encoding 'br' is not accepted (only gzip or deflate)",
        "content encoding 'zstd' is not accepted (only gzip or deflate)",
    ]
    asked = {request.headers.get("Accept-Encoding") for request, _ in site.log if request.path != "/robots.txt"}
    assert asked == {"gzip, deflate"}


def test_stacked_encodings_are_refused(site: HTTPServer, settings: FetchSettings) -> None:
    site.expect_request("/twice").respond_with_data(
        gzip.compress(gzip.compress(PAGE)),
        content_type="text/html",
        headers={"Content-Encoding": "gzip, gzip"},
    )
    outcome = one(settings, site.url_for("/twice"))
    assert isinstance(outcome, FetchError)
    assert outcome.reason == "stacked content encodings are refused (gzip, gzip)"


@pytest.mark.parametrize(
    ("encoding", "body"),
    [
        ("gzip", gzip.compress(PAGE, mtime=0)),
        ("gzip", gzip.compress(PAGE[:20], mtime=0) + gzip.compress(PAGE[20:], mtime=0)),  # two gzip members
        ("deflate", zlib.compress(PAGE)),
        ("deflate", zlib.compress(PAGE)[2:-4]),  # raw deflate, as some servers send it
        ("identity", PAGE),
    ],
    # Named ids: xdist workers must collect the same test names, and bytes make poor names.
    ids=["gzip", "gzip-two-members", "zlib-deflate", "raw-deflate", "identity"],
)
def test_honest_encodings_are_still_decoded(
    site: HTTPServer, settings: FetchSettings, encoding: str, body: bytes
) -> None:
    site.expect_request("/page").respond_with_data(
        body, content_type="text/html", headers={"Content-Encoding": encoding}
    )
    outcome = one(settings, site.url_for("/page"))
    assert isinstance(outcome, FetchResult), outcome
    assert outcome.body == PAGE


def test_corrupt_gzip_is_a_permanent_failure_with_the_reason(
    site: HTTPServer, settings: FetchSettings
) -> None:
    site.expect_request("/bad").respond_with_data(
        b"not gzip at all", content_type="text/html", headers={"Content-Encoding": "gzip"}
    )
    outcome = one(settings, site.url_for("/bad"))
    assert isinstance(outcome, FetchError)
    assert outcome.reason.startswith("the body is not valid gzip")


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("100.64.0.1", "non-global"),  # carrier-grade NAT
        ("100.100.100.200", "non-global"),  # a cloud metadata address inside CGNAT
        ("2002:a9fe:a9fe::1", "link-local (inside 2002:a9fe:a9fe::1)"),  # 6to4 of 169.254.169.254
        ("2002:7f00:1::", "loopback (inside 2002:7f00:1::)"),  # 6to4 of 127.0.0.1
        ("2001:0:4136:e378:8000:63bf:f5ff:fffe", "private (inside 2001:0:4136:e378:8000:63bf:f5ff:fffe)"),  # Teredo, client 10.0.0.1
        ("64:ff9b::a9fe:a9fe", "link-local (inside 64:ff9b::a9fe:a9fe)"),  # NAT64 of the metadata address
        ("64:ff9b:1::a00:1", "private (inside 64:ff9b:1::a00:1)"),
        ("::ffff:10.0.0.1", "private (inside {shown})"),
        ("198.18.0.1", "private"),  # benchmarking range
        ("fc00::1", "private"),
        ("240.0.0.1", "private"),  # reserved, which Python also counts as private
    ],
)
def test_only_globally_routable_addresses_pass(address: str, kind: str) -> None:
    shown = str(ipaddress.ip_address(address))  # Python's own spelling of the address
    with pytest.raises(AddressRefused) as refused:
        AddressGuard().check_address("vendor.example", ipaddress.ip_address(address))
    assert refused.value.reason == (
        f"refused: vendor.example resolves to {kind.format(shown=shown)} address {shown} (not on the allow-list)"
    )


@pytest.mark.parametrize("address", ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c", "2002:5db8:d70e::1", "64:ff9b::5db8:d70e"])
def test_global_addresses_and_their_6to4_and_nat64_forms_pass(address: str) -> None:
    AddressGuard().check_address("vendor.example", ipaddress.ip_address(address))


@pytest.mark.parametrize("host", ["a" * 64 + ".example", "a..example", "." ])
def test_a_name_dns_cannot_encode_is_refused_for_good(host: str) -> None:
    # A redirect or a webhook form can carry any name; the IDNA codec raises UnicodeError on these.
    with pytest.raises(AddressRefused) as refused:
        asyncio.run(AddressGuard().check(host, 443))
    assert refused.value.reason == f"refused: {host} is not a valid host name"
    assert not refused.value.transient


def test_embedded_ipv4_of_each_form() -> None:
    assert str(embedded_ipv4(ipaddress.IPv6Address("2002:c000:0201::"))) == "192.0.2.1"
    assert str(embedded_ipv4(ipaddress.IPv6Address("64:ff9b::c000:201"))) == "192.0.2.1"
    assert embedded_ipv4(ipaddress.IPv6Address("2606:2800::1")) is None


def test_the_connection_goes_to_the_address_that_was_checked(
    site: HTTPServer, settings: FetchSettings
) -> None:
    """DNS rebinding: the first answer passes the check, the next one points inside.

    The fetcher must connect only to an address it has checked at connect time, so the second
    answer (127.0.0.1, not on this run's allow-list) is refused and the server sees nothing.
    """
    site.expect_request("/privacy").respond_with_data(PAGE, content_type="text/html")
    asked: list[str] = []

    async def rebinding(host: str, port: int) -> Sequence[str]:
        asked.append(host)
        # The early checks (document, then robots.txt) see .2; the connection would get .1.
        return ["127.0.0.2"] if len(asked) <= 2 else ["127.0.0.1"]

    rebound = dataclasses.replace(settings, allow_networks=("127.0.0.2/32",), resolver=rebinding)
    outcome = one(rebound, f"http://vendor.test:{site.port}/privacy")
    assert isinstance(outcome, FetchError)
    assert outcome.reason == (
        "robots.txt unavailable (refused: vendor.test resolves to loopback address 127.0.0.1 (not on the allow-list))"
    )
    assert len(asked) >= 3  # resolved again when connecting, and that answer was checked
    assert site.log == []


def test_a_pinned_name_is_fetched_from_the_checked_address(
    site: HTTPServer, settings: FetchSettings
) -> None:
    """The name never reaches the system resolver (vendor.test does not exist there)."""
    site.expect_request("/privacy").respond_with_data(PAGE, content_type="text/html")

    async def table(host: str, port: int) -> Sequence[str]:
        return ["127.0.0.1"] if host == "vendor.test" else []

    outcome = one(dataclasses.replace(settings, resolver=table), f"http://vendor.test:{site.port}/privacy")
    assert isinstance(outcome, FetchResult), outcome
    assert outcome.body == PAGE
    assert {request.headers["Host"] for request, _ in site.log} == {f"vendor.test:{site.port}"}


def test_an_unknown_charset_falls_back_to_detection_and_says_so(
    site: HTTPServer, settings: FetchSettings
) -> None:
    page = '<html><head><meta charset="windows-1252"></head><body><p>“EU”</p></body></html>'.encode("windows-1252")
    site.expect_request("/rot").respond_with_data(page, content_type="text/html; charset=rot13")
    outcome = one(settings, site.url_for("/rot"))
    assert isinstance(outcome, FetchResult), outcome
    assert (outcome.charset, outcome.charset_ignored) == ("windows-1252", ("rot13",))
    assert "“EU”" in decode(outcome.body, outcome.charset)


def test_non_text_codecs_are_never_used_to_decode() -> None:
    for label in ("rot13", "zlib", "base64", "no-such-charset"):
        chosen = detect(b"<p>plain</p>", label)
        assert (chosen.name, chosen.source, chosen.ignored) == ("utf-8", "fallback", (label,))
