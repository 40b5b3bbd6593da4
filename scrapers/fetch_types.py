"""The values fetching passes around, and how a response's headers are read.

Settings, requests, results and errors are plain frozen values so that the refresh pipeline,
the store and the tests can build and compare them without an event loop or a network.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from importlib.metadata import PackageNotFoundError, version

import httpx

from scrapers.addresses import Resolver
from scrapers.politeness import HostPacer

AGENT_NAME = "msgcompare"
TEXT_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain", "text/markdown"})
REDIRECTS = frozenset({301, 302, 303, 307, 308})


def _package_version() -> str:
    try:
        return version("msgcompare")
    except PackageNotFoundError:
        return "dev"


@dataclass(frozen=True, slots=True)
class FetchSettings:
    """Limits for one refresh run; the defaults suit a nightly run over a few dozen pages."""

    contact_url: str
    """Where a vendor's operator can find out who we are; goes into the User-Agent."""
    version: str = field(default_factory=_package_version)
    max_concurrency: int = 16
    """Requests on the wire at once; each host still sees one at a time."""
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    total_timeout: float = 60.0
    """Per attempt, from sending the request to the last body byte: stops drip-fed responses."""
    max_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 5
    max_retries: int = 2
    backoff: float = 1.0
    """Wait before the first retry; doubles for each further retry."""
    max_wait: float = 60.0
    """Longest wait between attempts; a Retry-After asking for more ends the retries instead."""
    allow_networks: tuple[str, ...] = ()
    """Loopback/private networks we may fetch from anyway (tests: ``("127.0.0.1",)``)."""
    resolver: Resolver | None = None
    """Name → addresses; the system resolver when None (a fixed table for air-gapped runs and tests)."""
    pacer: HostPacer | None = None
    """Turns at each origin shared across fetchers (parallel jobs, other workers); None: only this fetcher's host lock."""

    @property
    def user_agent(self) -> str:
        """Who we are, honestly: ``msgcompare/0.1.0 (+https://…)``."""
        return f"{AGENT_NAME}/{self.version} (+{self.contact_url})"


@dataclass(frozen=True, slots=True)
class FetchResult:
    """A response we accept as a snapshot, or a 304 saying the last snapshot still stands."""

    url: str
    final_url: str
    status: int
    body: bytes
    content_type: str | None
    """Media type without parameters (``text/html``); None for a 304."""
    charset: str | None
    """Charset to decode ``body`` with (header, BOM, ``<meta>``, else UTF-8); None for a 304."""
    etag: str | None
    last_modified: str | None
    fetched_at: datetime
    sha256: str | None
    """Hash of ``body``; for a 304, the hash the request said we already have (if it said)."""
    unchanged: bool
    charset_ignored: tuple[str, ...] = ()
    """Charset labels the page declared that name no text encoding (reported, then skipped)."""


@dataclass(frozen=True, slots=True)
class FetchRequest:
    """A URL to fetch, with the validators of the snapshot we already have (if any)."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    known_sha256: str | None = None

    @classmethod
    def revisit(cls, previous: FetchResult) -> FetchRequest:
        """Ask again for a page, conditionally on the snapshot ``previous`` gave us."""
        return cls(previous.url, previous.etag, previous.last_modified, previous.sha256)

    def conditional_headers(self) -> dict[str, str]:
        """``If-None-Match`` / ``If-Modified-Since`` so an unchanged page costs a 304."""
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


class FetchError(Exception):
    """A page could not be fetched; ``transient`` says whether a later run may succeed."""

    def __init__(
        self, url: str, reason: str, *, transient: bool, status: int | None = None
    ) -> None:
        super().__init__(f"fetching {url} failed: {reason}")
        self.url, self.reason, self.transient, self.status = url, reason, transient, status


class Retryable(FetchError):
    """A failure worth another attempt in this run (429, 5xx, dropped connection, timeout)."""

    def __init__(
        self, url: str, reason: str, *, status: int | None = None, retry_after: float | None = None
    ) -> None:
        super().__init__(url, reason, transient=True, status=status)
        self.retry_after = retry_after


def retry_after_seconds(value: str | None, now: datetime) -> float | None:
    """Seconds a ``Retry-After`` header asks us to wait (delta-seconds or HTTP-date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def media_type(headers: httpx.Headers) -> tuple[str, str | None]:
    """``text/html; charset=UTF-8`` → ``("text/html", "UTF-8")``."""
    mime, _, params = headers.get("content-type", "").partition(";")
    header_charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            header_charset = value.strip().strip("\"'")
    return mime.strip().lower(), header_charset


def check_media_type(url: str, headers: httpx.Headers) -> None:
    """Refuse what we cannot extract text from, before reading its body.

    Raises:
        FetchError: the type is PDF or anything but HTML, XHTML, plain text or Markdown.
    """
    mime, _ = media_type(headers)
    if mime == "application/pdf":
        raise FetchError(
            url,
            "PDF documents are not supported (application/pdf); declare an HTML version of the document",
            transient=False,
        )
    if mime not in TEXT_TYPES:
        shown = mime or "no Content-Type header"
        raise FetchError(
            url,
            f"unsupported content type ({shown}); expected one of {sorted(TEXT_TYPES)}",
            transient=False,
        )


def transport_reason(exc: httpx.TransportError) -> str:
    """A short, human reason for a transport failure, for the source's status page."""
    kind = {
        httpx.ConnectTimeout: "connect timeout",
        httpx.ReadTimeout: "read timeout",
        httpx.WriteTimeout: "write timeout",
        httpx.PoolTimeout: "timed out waiting for a connection",
        httpx.ConnectError: "connection failed",
        httpx.RemoteProtocolError: "server broke the HTTP protocol",
        httpx.ReadError: "connection dropped while reading",
    }.get(type(exc), type(exc).__name__)
    return f"{kind}: {exc}" if str(exc) else kind
