"""Fetching against real local HTTP servers: one test per way a vendor site can fail us."""

from __future__ import annotations

import asyncio
import dataclasses
import socket
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from scrapers.fetch import (
    FetchError,
    FetchRequest,
    FetchResult,
    FetchSettings,
    fetch_all,
    retry_after_seconds,
)
from tests.scrapers.vendor_site import policy, vendor_page

PAGE = vendor_page(policy("signal/privacy-policy/2020-12-09.md"), vendor="Signal")


def fetch_one(settings: FetchSettings, request: FetchRequest | str) -> FetchResult | FetchError:
    [outcome] = fetch_all([request], settings)
    return outcome


def failure(settings: FetchSettings, request: FetchRequest | str) -> FetchError:
    outcome = fetch_one(settings, request)
    assert isinstance(outcome, FetchError), outcome
    return outcome


def success(settings: FetchSettings, request: FetchRequest | str) -> FetchResult:
    outcome = fetch_one(settings, request)
    assert isinstance(outcome, FetchResult), outcome
    return outcome


def paths(server: HTTPServer) -> list[str]:
    return [request.path for request, _ in server.log]


def test_fetches_a_page_with_an_honest_user_agent(
    site: HTTPServer, settings: FetchSettings
) -> None:
    site.expect_request("/legal/privacy").respond_with_data(
        PAGE,
        content_type="text/html; charset=utf-8",
        headers={"ETag": '"v1"', "Last-Modified": "Wed, 09 Dec 2020 10:00:00 GMT"},
    )
    result = success(settings, site.url_for("/legal/privacy"))
    assert result.status == 200
    assert result.body == PAGE
    assert (result.content_type, result.charset) == ("text/html", "utf-8")
    assert (result.etag, result.last_modified) == ('"v1"', "Wed, 09 Dec 2020 10:00:00 GMT")
    assert result.fetched_at.tzinfo is UTC
    assert len(result.sha256 or "") == 64
    assert not result.unchanged
    agents = {request.headers["User-Agent"] for request, _ in site.log}
    assert agents == {"msgcompare/0.1.0 (+https://msgcompare.example/about)"}


def test_charset_comes_from_meta_when_the_header_has_none(
    site: HTTPServer, settings: FetchSettings
) -> None:
    page = vendor_page(policy("whatsapp/privacy-policy/2021-01-01.md"), encoding="windows-1252")
    site.expect_request("/legal").respond_with_data(page, content_type="text/html")
    assert success(settings, site.url_for("/legal")).charset == "windows-1252"


def test_iso_8859_1_header_is_read_as_windows_1252(
    site: HTTPServer, settings: FetchSettings
) -> None:
    page = vendor_page(
        policy("whatsapp/privacy-policy/2021-01-01.md"), encoding="windows-1252", meta_charset=False
    )
    site.expect_request("/legal").respond_with_data(
        page, content_type="text/html; charset=ISO-8859-1"
    )
    assert success(settings, site.url_for("/legal")).charset == "windows-1252"


def test_network_error_on_a_closed_port_is_transient(settings: FetchSettings) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    error = failure(settings, f"http://127.0.0.1:{port}/legal")
    assert error.transient
    assert "connection failed" in error.reason
    assert "gave up after 2 attempts" in error.reason


def test_dns_failure_names_the_host(settings: FetchSettings) -> None:
    error = failure(settings, "http://no-such-vendor.invalid/legal/privacy")
    assert "DNS lookup failed for no-such-vendor.invalid" in error.reason


def test_read_timeout_is_transient(site: HTTPServer, settings: FetchSettings) -> None:
    release = threading.Event()

    def stall(request: Request) -> Response:
        release.wait(
            timeout=30
        )  # injected latency: the server answers only after the client gave up
        return Response(PAGE, content_type="text/html")

    site.expect_request("/slow").respond_with_handler(stall)
    try:
        error = failure(
            dataclasses.replace(settings, read_timeout=0.2, max_retries=0), site.url_for("/slow")
        )
    finally:
        release.set()
    assert error.transient
    assert error.reason.startswith("read timeout")


def test_total_timeout_stops_a_drip_fed_response(site: HTTPServer, settings: FetchSettings) -> None:
    stop = threading.Event()

    def drip() -> Iterator[bytes]:
        yield b"<html><body><main>"
        while not stop.wait(timeout=0.05):  # a byte every 50 ms: never a read timeout, never done
            yield b"."

    site.expect_request("/drip").respond_with_handler(
        lambda request: Response(drip(), content_type="text/html")
    )
    try:
        error = failure(
            dataclasses.replace(settings, total_timeout=0.5, max_retries=0), site.url_for("/drip")
        )
    finally:
        stop.set()
    assert error.transient
    assert "no complete response within 0.5 s" in error.reason


def test_404_is_permanent(site: HTTPServer, settings: FetchSettings) -> None:
    site.expect_request("/gone").respond_with_data("Not found", status=404)
    error = failure(settings, site.url_for("/gone"))
    assert (error.status, error.transient, error.reason) == (404, False, "HTTP 404")
    assert paths(site).count("/gone") == 1


def test_500_is_retried_then_reported_transient(site: HTTPServer, settings: FetchSettings) -> None:
    site.expect_request("/broken").respond_with_data("oops", status=500)
    error = failure(settings, site.url_for("/broken"))
    assert (error.status, error.transient) == (500, True)
    assert error.reason == "HTTP 500 (gave up after 2 attempts)"
    assert paths(site).count("/broken") == 2


def test_429_with_retry_after_is_honoured_then_succeeds(
    site: HTTPServer, settings: FetchSettings
) -> None:
    site.expect_oneshot_request("/busy").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "0"}
    )
    site.expect_request("/busy").respond_with_data(PAGE, content_type="text/html")
    result = success(settings, site.url_for("/busy"))
    assert result.body == PAGE
    assert paths(site).count("/busy") == 2


def test_429_asking_for_a_longer_wait_than_we_allow_ends_the_retries(
    site: HTTPServer, settings: FetchSettings
) -> None:
    site.expect_request("/busy").respond_with_data(
        "come back tomorrow", status=429, headers={"Retry-After": "86400"}
    )
    error = failure(settings, site.url_for("/busy"))
    assert error.transient
    assert "asks us to wait 86400 s" in error.reason
    assert paths(site).count("/busy") == 1


def test_retry_after_accepts_seconds_and_http_dates() -> None:
    now = datetime(2026, 11, 25, 12, 0, 0, tzinfo=UTC)
    assert retry_after_seconds("120", now) == 120
    assert retry_after_seconds("Wed, 25 Nov 2026 12:01:30 GMT", now) == 90
    assert retry_after_seconds("Wed, 25 Nov 2026 11:00:00 GMT", now) == 0
    assert retry_after_seconds("soon", now) is None


def test_oversize_body_is_refused_by_content_length(
    site: HTTPServer, settings: FetchSettings
) -> None:
    site.expect_request("/huge").respond_with_data(
        b"<p>" + b"x" * 200_000, content_type="text/html"
    )
    error = failure(dataclasses.replace(settings, max_bytes=100_000), site.url_for("/huge"))
    assert (error.transient, error.reason) == (
        False,
        "body of 200003 bytes exceeds the limit of 100000 bytes",
    )


def test_oversize_streamed_body_is_cut_off(site: HTTPServer, settings: FetchSettings) -> None:
    sent = []

    def endless() -> Iterator[bytes]:
        for _ in range(1000):  # 16 MB if nobody stops reading
            sent.append(1)
            yield b"<p>" + b"x" * 16_381

    site.expect_request("/stream").respond_with_handler(
        lambda request: Response(endless(), content_type="text/html")
    )
    error = failure(dataclasses.replace(settings, max_bytes=100_000), site.url_for("/stream"))
    assert (error.transient, error.reason) == (False, "body exceeds the limit of 100000 bytes")
    assert len(sent) < 1000


def test_wrong_content_type_is_refused(site: HTTPServer, settings: FetchSettings) -> None:
    site.expect_request("/api").respond_with_json({"privacy": "policy"})
    error = failure(settings, site.url_for("/api"))
    assert not error.transient
    assert error.reason.startswith("unsupported content type (application/json)")


def test_pdf_is_refused_with_a_reason(site: HTTPServer, settings: FetchSettings) -> None:
    site.expect_request("/dpa.pdf").respond_with_data(
        b"%PDF-1.7\n...", content_type="application/pdf"
    )
    error = failure(settings, site.url_for("/dpa.pdf"))
    assert not error.transient
    assert "PDF documents are not supported" in error.reason


def test_redirects_are_followed_to_the_final_url(site: HTTPServer, settings: FetchSettings) -> None:
    site.expect_request("/privacy").respond_with_data(
        "", status=301, headers={"Location": "/legal/privacy"}
    )
    site.expect_request("/legal/privacy").respond_with_data(
        "", status=302, headers={"Location": site.url_for("/legal/privacy-eea")}
    )
    site.expect_request("/legal/privacy-eea").respond_with_data(PAGE, content_type="text/html")
    result = success(settings, site.url_for("/privacy"))
    assert result.url == site.url_for("/privacy")
    assert result.final_url == site.url_for("/legal/privacy-eea")
    assert result.body == PAGE


def test_redirect_limit(site: HTTPServer, settings: FetchSettings) -> None:
    for hop in range(4):
        site.expect_request(f"/hop{hop}").respond_with_data(
            "", status=307, headers={"Location": f"/hop{hop + 1}"}
        )
    error = failure(dataclasses.replace(settings, max_redirects=3), site.url_for("/hop0"))
    assert not error.transient
    assert error.reason.startswith("more than 3 redirects")
    assert "/hop4" not in paths(site)


def test_redirect_to_a_non_http_scheme_is_refused(
    site: HTTPServer, settings: FetchSettings
) -> None:
    site.expect_request("/privacy").respond_with_data(
        "", status=302, headers={"Location": "file:///etc/passwd"}
    )
    error = failure(settings, site.url_for("/privacy"))
    assert not error.transient
    assert error.reason.startswith("redirect to unsupported scheme 'file'")


def test_redirect_to_a_private_address_is_refused(
    site: HTTPServer, settings: FetchSettings
) -> None:
    site.expect_request("/privacy").respond_with_data(
        "", status=302, headers={"Location": "http://10.20.30.40/admin"}
    )
    error = failure(settings, site.url_for("/privacy"))
    assert (
        error.reason
        == "refused: 10.20.30.40 resolves to private address 10.20.30.40 (not on the allow-list)"
    )


def test_private_addresses_are_refused_unless_allowed(
    site: HTTPServer, settings: FetchSettings
) -> None:
    site.expect_request("/legal").respond_with_data(PAGE, content_type="text/html")
    strict = dataclasses.replace(settings, allow_networks=())
    outcomes = fetch_all(
        [
            site.url_for("/legal"),
            "http://localhost:9/legal",
            "http://169.254.169.254/latest/meta-data/",
            "http://192.168.1.1/",
        ],
        strict,
    )
    reasons = [o.reason for o in outcomes if isinstance(o, FetchError)]
    assert reasons == [
        "refused: 127.0.0.1 resolves to loopback address 127.0.0.1 (not on the allow-list)",
        "refused: localhost resolves to loopback address 127.0.0.1 (not on the allow-list)",
        "refused: 169.254.169.254 resolves to link-local address 169.254.169.254 (not on the allow-list)",
        "refused: 192.168.1.1 resolves to private address 192.168.1.1 (not on the allow-list)",
    ]
    assert site.log == []
    assert isinstance(fetch_one(settings, site.url_for("/legal")), FetchResult)


def test_etag_and_last_modified_give_a_304(site: HTTPServer, settings: FetchSettings) -> None:
    current = {"body": PAGE, "etag": '"v1"'}

    def conditional(request: Request) -> Response:
        if request.headers.get("If-None-Match") == current["etag"]:
            return Response(status=304, headers={"ETag": current["etag"]})
        return Response(
            current["body"], content_type="text/html", headers={"ETag": current["etag"]}
        )

    site.expect_request("/legal").respond_with_handler(conditional)
    first = success(settings, site.url_for("/legal"))
    second = success(settings, FetchRequest.revisit(first))
    assert (second.status, second.unchanged, second.body) == (304, True, b"")
    assert second.sha256 == first.sha256
    current.update(body=PAGE.replace(b"Signal", b"Signal Messenger"), etag='"v2"')
    third = success(settings, FetchRequest.revisit(second))
    assert (third.status, third.unchanged, third.etag) == (200, False, '"v2"')
    assert third.sha256 != first.sha256
    sent = [
        request.headers.get("If-None-Match") for request, _ in site.log if request.path == "/legal"
    ]
    assert sent == [None, '"v1"', '"v1"']


def test_last_modified_alone_gives_a_304(site: HTTPServer, settings: FetchSettings) -> None:
    stamp = "Tue, 15 Jul 2024 08:00:00 GMT"

    def conditional(request: Request) -> Response:
        if request.headers.get("If-Modified-Since") == stamp:
            return Response(status=304)
        return Response(PAGE, content_type="text/html", headers={"Last-Modified": stamp})

    site.expect_request("/legal").respond_with_handler(conditional)
    first = success(settings, site.url_for("/legal"))
    second = success(settings, FetchRequest.revisit(first))
    assert second.unchanged
    assert second.last_modified == stamp


def test_robots_txt_disallow_is_respected(
    make_site: Callable[..., HTTPServer], settings: FetchSettings
) -> None:
    site = make_site(
        robots="User-agent: msgcompare\nDisallow: /internal/\n\nUser-agent: *\nDisallow: /\n"
    )
    site.expect_request("/internal/policy").respond_with_data(PAGE, content_type="text/html")
    site.expect_request("/legal").respond_with_data(PAGE, content_type="text/html")
    blocked, allowed = fetch_all(
        [site.url_for("/internal/policy"), site.url_for("/legal")], settings
    )
    assert isinstance(blocked, FetchError)
    assert not blocked.transient
    assert blocked.reason == "disallowed by robots.txt (/internal/policy)"
    assert isinstance(allowed, FetchResult)
    assert paths(site).count("/robots.txt") == 1
    assert "/internal/policy" not in paths(site)


def test_missing_robots_txt_allows_everything(
    make_site: Callable[..., HTTPServer], settings: FetchSettings
) -> None:
    site = make_site(robots=None)
    site.expect_request("/robots.txt").respond_with_data("Not found", status=404)
    site.expect_request("/legal").respond_with_data(PAGE, content_type="text/html")
    assert isinstance(fetch_one(settings, site.url_for("/legal")), FetchResult)


def test_failing_robots_txt_means_not_now(
    make_site: Callable[..., HTTPServer], settings: FetchSettings
) -> None:
    site = make_site(robots=None)
    site.expect_request("/robots.txt").respond_with_data("down", status=503)
    site.expect_request("/legal").respond_with_data(PAGE, content_type="text/html")
    error = failure(settings, site.url_for("/legal"))
    assert error.transient
    assert error.reason.startswith("robots.txt unavailable (HTTP 503")
    assert "/legal" not in paths(site)


class InFlight:
    """Counts requests in progress inside the server, per host and overall."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.now: dict[str, int] = {}
        self.peak: dict[str, int] = {}
        self.total = 0
        self.total_peak = 0

    def enter(self, host: str) -> None:
        with self.lock:
            self.now[host] = self.now.get(host, 0) + 1
            self.peak[host] = max(self.peak.get(host, 0), self.now[host])
            self.total += 1
            self.total_peak = max(self.total_peak, self.total)

    def leave(self, host: str) -> None:
        with self.lock:
            self.now[host] -= 1
            self.total -= 1


def test_one_request_at_a_time_per_host(
    make_site: Callable[..., HTTPServer], settings: FetchSettings
) -> None:
    busy, other = make_site(), make_site()
    counts = InFlight()
    other_served = threading.Event()

    def slow_host(request: Request) -> Response:
        counts.enter("busy")
        try:
            # Hold this request until the other host has been served: if requests to this host
            # were not serialised, the rest of them would arrive here meanwhile.
            other_served.wait(timeout=10)
            return Response(PAGE, content_type="text/html")
        finally:
            counts.leave("busy")

    def quick_host(request: Request) -> Response:
        other_served.set()
        return Response(PAGE, content_type="text/html")

    busy.expect_request("/doc").respond_with_handler(slow_host)
    other.expect_request("/doc").respond_with_handler(quick_host)
    urls = [busy.url_for(f"/doc?n={n}") for n in range(4)] + [other.url_for("/doc")]
    outcomes = fetch_all(urls, dataclasses.replace(settings, max_concurrency=8))
    assert all(isinstance(o, FetchResult) for o in outcomes)
    assert counts.peak == {"busy": 1}
    assert paths(busy).count("/doc") == 4


def test_global_bound_is_reached_and_never_exceeded(
    make_site: Callable[..., HTTPServer], settings: FetchSettings
) -> None:
    hosts = [make_site() for _ in range(6)]
    counts = InFlight()
    together = threading.Barrier(3, timeout=10)

    def handler(request: Request) -> Response:
        counts.enter(request.host)
        try:
            together.wait()  # passes only when three requests are in flight at once
            return Response(PAGE, content_type="text/html")
        finally:
            counts.leave(request.host)

    for host in hosts:
        host.expect_request("/doc").respond_with_handler(handler)
    outcomes = fetch_all(
        [h.url_for("/doc") for h in hosts], dataclasses.replace(settings, max_concurrency=3)
    )
    assert all(isinstance(o, FetchResult) for o in outcomes), outcomes
    assert counts.total_peak == 3


def test_fetch_all_works_when_the_caller_already_runs_an_event_loop(site, settings) -> None:  # type: ignore[no-untyped-def]
    """A Playwright sync session or a notebook leaves a loop running in the caller's thread."""
    site.expect_request("/page").respond_with_data("<main><p>Hello</p></main>", content_type="text/html")
    outcomes: list[object] = []

    async def caller() -> None:
        outcomes.extend(fetch_all([site.url_for("/page")], settings))

    # The caller's loop runs in a thread of its own, whatever this test thread already runs.
    thread = threading.Thread(target=asyncio.run, args=(caller(),))
    thread.start()
    thread.join(timeout=30)

    [outcome] = outcomes
    assert not isinstance(outcome, FetchError)
    assert outcome.body == b"<main><p>Hello</p></main>"


class RecordingPacer:
    """A pacer that gives every turn at once and notes each turn's host and what the server saw meanwhile."""

    def __init__(self, site: HTTPServer) -> None:
        self.site = site
        self.turns: list[tuple[str, int, int]] = []

    @asynccontextmanager
    async def turn(self, host: str) -> AsyncIterator[None]:
        before = len(self.site.log)
        yield
        self.turns.append((host, before, len(self.site.log)))


def test_a_shared_pacer_gives_every_request_its_turn_with_the_origin(
    site: HTTPServer, settings: FetchSettings
) -> None:
    site.expect_request("/doc").respond_with_data(PAGE, content_type="text/html")
    pacer = RecordingPacer(site)

    outcomes = fetch_all([site.url_for("/doc?n=1"), site.url_for("/doc?n=2")], dataclasses.replace(settings, pacer=pacer))

    assert all(isinstance(o, FetchResult) for o in outcomes)
    origin = f"http://127.0.0.1:{site.port}"
    # robots.txt, then each document: each request happens inside its own turn.
    assert pacer.turns == [(origin, 0, 1), (origin, 1, 2), (origin, 2, 3)]
