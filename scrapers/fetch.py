"""Fetch vendor pages politely and defensively, returning typed results instead of raising mid-run.

Every failure becomes a :class:`FetchError` saying whether trying again later may help
(``transient``), so a refresh can mark one source as failed and carry on with the others.
Limits are explicit (time, size, redirects, schemes, content types, addresses) because the pages
are third-party content we do not control.

Use :func:`fetch_all` from synchronous code (the CLI, cron) and :class:`Fetcher` from code that
already runs an event loop. The values (settings, requests, results, errors) live in
:mod:`scrapers.fetch_types` and are re-exported here.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType

import httpcore
import httpx

from scrapers import charset
from scrapers.addresses import AddressGuard, AddressRefused, PinnedBackend
from scrapers.decoding import ACCEPT_ENCODING, EncodingRefused, decoded
from scrapers.fetch_types import (
    AGENT_NAME,
    REDIRECTS,
    FetchError,
    FetchRequest,
    FetchResult,
    FetchSettings,
    Retryable,
    check_media_type,
    media_type,
    retry_after_seconds,
    transport_reason,
)
from scrapers.politeness import (
    ALLOW_ALL,
    ROBOTS_MAX_BYTES,
    HostGate,
    RobotsRules,
    origin,
    parse_robots,
)


@dataclass(frozen=True, slots=True)
class _Response:
    url: httpx.URL
    status: int
    headers: httpx.Headers
    body: bytes


__all__ = [
    "FetchError",
    "FetchRequest",
    "FetchResult",
    "FetchSettings",
    "Fetcher",
    "Outcome",
    "fetch_all",
    "fetch_many",
    "retry_after_seconds",
]


class Fetcher:
    """One refresh run's HTTP machinery: the client, the politeness gate and the robots cache.

    Use as ``async with Fetcher(settings) as fetcher: await fetcher.fetch(request)``.
    """

    def __init__(self, settings: FetchSettings) -> None:
        self.settings = settings
        self._guard = AddressGuard.allowing(settings.allow_networks, settings.resolver)
        self._gate = HostGate(settings.max_concurrency)
        self._robots: dict[str, asyncio.Task[RobotsRules]] = {}
        timeout = httpx.Timeout(settings.read_timeout, connect=settings.connect_timeout)
        self._client = httpx.AsyncClient(
            timeout=timeout,
            # Only encodings scrapers.decoding undoes itself, counting decoded bytes against the cap.
            headers={"User-Agent": settings.user_agent, "Accept-Encoding": ACCEPT_ENCODING},
            follow_redirects=False,  # we follow them ourselves, checking every hop
            trust_env=False,  # no proxies from the environment: the address guard must see the real host
            transport=pinned_transport(self._guard, settings.max_concurrency * 2),
        )

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self._client.aclose()

    async def fetch(self, request: FetchRequest) -> FetchResult:
        """Fetch one document, following redirects, honouring robots.txt and retrying politely.

        Raises:
            FetchError: with the reason; ``transient`` is False when retrying cannot help.
        """
        response = await self._follow(request.url, request.conditional_headers(), document=True)
        fetched_at = datetime.now(UTC)
        status = response.status
        if status == 304:
            return FetchResult(
                url=request.url,
                final_url=str(response.url),
                status=304,
                body=b"",
                content_type=None,
                charset=None,
                etag=response.headers.get("etag", request.etag),
                last_modified=response.headers.get("last-modified", request.last_modified),
                fetched_at=fetched_at,
                sha256=request.known_sha256,
                unchanged=True,
            )
        if 200 <= status < 300:
            mime, header_charset = media_type(response.headers)
            chosen = charset.detect(response.body, header_charset)
            return FetchResult(
                url=request.url,
                final_url=str(response.url),
                status=status,
                body=response.body,
                content_type=mime,
                charset=chosen.name,
                charset_ignored=chosen.ignored,
                etag=response.headers.get("etag"),
                last_modified=response.headers.get("last-modified"),
                fetched_at=fetched_at,
                sha256=hashlib.sha256(response.body).hexdigest(),
                unchanged=False,
            )
        if status in REDIRECTS:
            raise FetchError(
                request.url,
                f"HTTP {status} redirect without a Location header",
                transient=False,
                status=status,
            )
        # 403 is often bot-blocking that lifts later (OTA's experience), so it is transient but not retried now.
        raise FetchError(request.url, f"HTTP {status}", transient=status == 403, status=status)

    async def _follow(self, url: str, headers: dict[str, str], *, document: bool) -> _Response:
        """Follow up to ``max_redirects`` redirects, checking scheme, address and robots per hop."""
        current = url
        for _ in range(self.settings.max_redirects + 1):
            try:
                target = httpx.URL(current)
            except httpx.InvalidURL as exc:
                raise FetchError(url, f"invalid URL {current!r}: {exc}", transient=False) from exc
            if target.scheme not in {"http", "https"}:
                what = "URL with" if current == url else "redirect to"
                raise FetchError(
                    url, f"{what} unsupported scheme {target.scheme!r} ({current})", transient=False
                )
            try:
                await self._guard.check(
                    target.host, target.port or (443 if target.scheme == "https" else 80)
                )
            except AddressRefused as exc:
                raise FetchError(url, exc.reason, transient=exc.transient) from exc
            if document:
                await self._check_robots(url, target)
            async with self._gate.host(origin(target)):
                response = await self._with_retries(target, headers, document=document)
            location = response.headers.get("location")
            if response.status not in REDIRECTS or not location:
                return response
            current = str(target.join(location))
        raise FetchError(
            url,
            f"more than {self.settings.max_redirects} redirects (stopped at {current})",
            transient=False,
        )

    async def _with_retries(
        self, url: httpx.URL, headers: dict[str, str], *, document: bool
    ) -> _Response:
        """One hop, retried with exponential backoff (or the server's Retry-After) while retryable."""
        settings = self.settings
        for attempt in range(settings.max_retries + 1):
            try:
                return await self._exchange(url, headers, document=document)
            except Retryable as error:
                if attempt == settings.max_retries:
                    raise FetchError(
                        error.url,
                        f"{error.reason} (gave up after {attempt + 1} attempts)",
                        transient=True,
                        status=error.status,
                    ) from error
                wait = (
                    settings.backoff * 2**attempt
                    if error.retry_after is None
                    else error.retry_after
                )
                if error.retry_after is not None and wait > settings.max_wait:
                    raise FetchError(
                        error.url,
                        f"{error.reason}; the server asks us to wait {wait:.0f} s, longer than our limit of {settings.max_wait:.0f} s",
                        transient=True,
                        status=error.status,
                    ) from error
                await asyncio.sleep(min(wait, settings.max_wait))
        raise AssertionError("unreachable: the last attempt returns or raises")

    async def _exchange(
        self, url: httpx.URL, headers: dict[str, str], *, document: bool
    ) -> _Response:
        """A single request on one global slot, reading the body only when it is a 2xx.

        A shared pacer's turn is taken before the slot, so a request waiting for its turn at
        one vendor does not hold up requests to the others.
        """
        if self.settings.pacer is None:
            return await self._exchange_now(url, headers, document=document)
        async with self.settings.pacer.turn(origin(url)):
            return await self._exchange_now(url, headers, document=document)

    async def _exchange_now(
        self, url: httpx.URL, headers: dict[str, str], *, document: bool
    ) -> _Response:
        shown = str(url)
        async with self._gate.slot():
            try:
                async with asyncio.timeout(self.settings.total_timeout):
                    async with self._client.stream("GET", url, headers=headers) as response:
                        status = response.status_code
                        if (
                            status == 429
                            or status == 408
                            or (status >= 500 and status not in {501, 505})
                        ):
                            wait = retry_after_seconds(
                                response.headers.get("retry-after"), datetime.now(UTC)
                            )
                            raise Retryable(
                                shown, f"HTTP {status}", status=status, retry_after=wait
                            )
                        body = b""
                        if 200 <= status < 300:
                            if document:
                                check_media_type(shown, response.headers)
                            body = await self._read(shown, response, truncate=not document)
                        return _Response(
                            url=url, status=status, headers=response.headers, body=body
                        )
            except TimeoutError as exc:
                raise Retryable(
                    shown, f"no complete response within {self.settings.total_timeout:g} s"
                ) from exc
            except AddressRefused as exc:
                raise FetchError(shown, exc.reason, transient=exc.transient) from exc
            except httpx.TransportError as exc:
                if isinstance(exc, httpx.UnsupportedProtocol):
                    raise FetchError(shown, str(exc), transient=False) from exc
                raise Retryable(shown, transport_reason(exc)) from exc
            except httpx.DecodingError as exc:
                raise FetchError(
                    shown, f"could not decode the response body: {exc}", transient=False
                ) from exc

    async def _read(self, url: str, response: httpx.Response, *, truncate: bool) -> bytes:
        """Stream and decode the body, stopping at the cap on *decoded* bytes (robots.txt is cut off)."""
        cap = ROBOTS_MAX_BYTES if truncate else self.settings.max_bytes
        declared = response.headers.get("content-length", "")
        if not truncate and declared.isdigit() and int(declared) > cap:
            raise FetchError(
                url,
                f"body of {int(declared)} bytes exceeds the limit of {cap} bytes",
                transient=False,
            )
        chunks: list[bytes] = []
        try:
            async for piece in decoded(
                response.aiter_raw(), response.headers.get("content-encoding"), cap
            ):
                chunks.append(piece)
        except EncodingRefused as exc:
            if not (truncate and exc.oversize):
                raise FetchError(url, exc.reason, transient=False) from exc
            chunks.append(exc.truncated)
        return b"".join(chunks)[:cap]

    async def _check_robots(self, document_url: str, target: httpx.URL) -> None:
        """Refuse the hop when the origin's robots.txt disallows it; fetch robots.txt once per origin."""
        key = origin(target)
        task = self._robots.get(key)
        if task is None:
            task = self._robots[key] = asyncio.ensure_future(self._load_robots(target))
        try:
            rules = await asyncio.shield(task)
        except FetchError as exc:
            raise FetchError(
                document_url,
                f"robots.txt unavailable ({exc.reason})",
                transient=True,
                status=exc.status,
            ) from exc
        if not rules.allows(str(target), AGENT_NAME):
            raise FetchError(
                document_url, f"disallowed by robots.txt ({target.path})", transient=False
            )

    async def _load_robots(self, target: httpx.URL) -> RobotsRules:
        """RFC 9309: a 4xx means no rules; a 5xx or no answer means we must not crawl (for now)."""
        response = await self._follow(str(target.join("/robots.txt")), {}, document=False)
        if 200 <= response.status < 300:
            return parse_robots(response.body)
        if 400 <= response.status < 500:
            return ALLOW_ALL
        raise FetchError(
            str(response.url), f"HTTP {response.status}", transient=True, status=response.status
        )


Outcome = FetchResult | FetchError


def pinned_transport(guard: AddressGuard, max_connections: int) -> httpx.AsyncHTTPTransport:
    """httpx's transport with a connection pool that connects only through :class:`PinnedBackend`.

    httpx has no public knob for httpcore's network backend, so the pool is replaced right after
    construction with one built from the same options plus the backend.
    """
    transport = httpx.AsyncHTTPTransport(trust_env=False)
    transport._pool = httpcore.AsyncConnectionPool(
        ssl_context=httpx.create_ssl_context(trust_env=False),
        max_connections=max_connections,
        max_keepalive_connections=max_connections,
        keepalive_expiry=5.0,
        network_backend=PinnedBackend(guard),
    )
    return transport


async def fetch_many(
    requests: Sequence[FetchRequest | str],
    settings: FetchSettings,
    on_done: Callable[[FetchRequest, Outcome], None] | None = None,
) -> list[Outcome]:
    """Fetch concurrently within the limits; one outcome per request, in request order."""
    wanted = [r if isinstance(r, FetchRequest) else FetchRequest(r) for r in requests]
    async with Fetcher(settings) as fetcher:

        async def one(request: FetchRequest) -> Outcome:
            try:
                outcome: Outcome = await fetcher.fetch(request)
            except FetchError as error:
                outcome = error
            if on_done is not None:
                on_done(request, outcome)
            return outcome

        return list(await asyncio.gather(*(one(r) for r in wanted)))


def fetch_all(
    requests: Sequence[FetchRequest | str],
    settings: FetchSettings,
    on_done: Callable[[FetchRequest, Outcome], None] | None = None,
) -> list[Outcome]:
    """Synchronous :func:`fetch_many` for the CLI, cron and the review app.

    When this thread already runs an event loop (a notebook, a Playwright sync session), the
    fetch gets a loop of its own in a worker thread instead of failing; ``on_done`` is then
    called from that thread.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(fetch_many(requests, settings, on_done))
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="msgcompare-fetch") as worker:
        return worker.submit(asyncio.run, fetch_many(requests, settings, on_done)).result()
