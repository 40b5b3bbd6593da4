"""Undo ``Content-Encoding`` ourselves, counting the *decoded* bytes, so a bomb stops at the cap.

A vendor page of a few kilobytes can expand to gigabytes (``br`` or ``gzip, gzip``); an HTTP
client that decodes a chunk before we see it has already spent the memory. So we ask only for
encodings we decode here (``gzip`` and ``deflate``), read the raw bytes, and let zlib produce at
most the bytes still allowed at each step (``max_length``). Anything else (``br``, ``zstd``,
unknown names, or more than one encoding stacked) is refused with the reason.
"""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterator

ACCEPT_ENCODING = "gzip, deflate"
DECODABLE = frozenset({"gzip", "x-gzip", "deflate"})
IDENTITY = frozenset({"", "identity"})


class EncodingRefused(Exception):
    """The body's encoding is one we do not decode, or decoding it would pass the size cap."""

    def __init__(self, reason: str, *, oversize: bool = False, truncated: bytes = b"") -> None:
        super().__init__(reason)
        self.reason, self.oversize, self.truncated = reason, oversize, truncated


def encodings(header: str | None) -> list[str]:
    """The ``Content-Encoding`` list, lower-cased, without ``identity``.

    Raises:
        EncodingRefused: more than one encoding, or one we do not decode.
    """
    names = [n.strip().lower() for n in (header or "").split(",")]
    names = [n for n in names if n not in IDENTITY]
    if len(names) > 1:
        raise EncodingRefused(f"stacked content encodings are refused ({', '.join(names)})")
    if names and names[0] not in DECODABLE:
        raise EncodingRefused(f"content encoding {names[0]!r} is not accepted (only gzip or deflate)")
    return names


class _Inflater:
    """One zlib stream (gzip or deflate), fed raw chunks, emitting at most ``budget`` bytes per call."""

    def __init__(self, name: str) -> None:
        self._gzip = name != "deflate"
        self._raw_deflate_tried = False
        self._stream = self._new()

    def _new(self) -> zlib._Decompress:
        # 16 + MAX_WBITS: gzip header; MAX_WBITS: zlib header; -MAX_WBITS: bare deflate.
        if self._gzip:
            return zlib.decompressobj(16 + zlib.MAX_WBITS)
        return zlib.decompressobj(-zlib.MAX_WBITS if self._raw_deflate_tried else zlib.MAX_WBITS)

    def feed(self, data: bytes, budget: int) -> tuple[bytes, bool]:
        """Decode ``data``; returns the output and whether more than ``budget`` bytes would come."""
        out = bytearray()
        pending = data
        while pending:
            try:
                piece = self._stream.decompress(pending, budget - len(out) + 1)
            except zlib.error as exc:
                if not self._gzip and not self._raw_deflate_tried and not out:
                    # Some servers send raw deflate under the name "deflate"; browsers accept both.
                    self._raw_deflate_tried = True
                    self._stream = self._new()
                    continue
                raise EncodingRefused(f"the body is not valid {'gzip' if self._gzip else 'deflate'}: {exc}") from exc
            out += piece
            if len(out) > budget:
                return bytes(out), True
            pending = self._stream.unconsumed_tail
            if self._stream.eof:
                rest = self._stream.unused_data
                if not rest or not self._gzip:
                    break
                self._stream = self._new()  # a gzip file may hold several members
                pending = rest
            elif not piece and pending:
                break
        return bytes(out), False


async def decoded(raw: AsyncIterator[bytes], content_encoding: str | None, cap: int) -> AsyncIterator[bytes]:
    """The decoded body in pieces; stops with :class:`EncodingRefused` once more than ``cap`` bytes come.

    Raises:
        EncodingRefused: the encoding is refused, the data is corrupt, or the decoded size passes ``cap``.
    """
    names = encodings(content_encoding)
    inflater = _Inflater(names[0]) if names else None
    after = " after decoding" if names else ""
    size = 0
    async for chunk in raw:
        piece, over = inflater.feed(chunk, cap - size) if inflater else (chunk, size + len(chunk) > cap)
        size += len(piece)
        if over:
            raise EncodingRefused(
                f"body exceeds the limit of {cap} bytes{after}", oversize=True, truncated=piece
            )
        if piece:
            yield piece
