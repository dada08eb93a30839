"""Fetching feeds and pages over HTTP(S) for ``newsfuse ingest --fetch``: nothing else fetches.

Safety: only ``http``/``https``; every host (and every redirect target) is resolved first and
refused when any of its addresses is not globally reachable (:func:`is_public`: private,
loopback, link-local, carrier-grade NAT, reserved, multicast...), unless ``allow_private``; the
connection then goes to the address that was checked (the host is not resolved a second time,
so a DNS answer that changes between the check and the request, "DNS rebinding", cannot point it
elsewhere; TLS still verifies the certificate against the host name); proxies from the
environment are not used; one time limit for the whole request, redirects and body included
(NF502), the resolution of each host name included; at most ``max_bytes`` read; at most 5
redirects. Failures are NF501 rejects naming the URL and the reason.

The pages linked from a feed's entries are fetched ``concurrency`` at a time (default 4: a feed's
links mostly point at one site, which should not be flooded), and come out in the feed's order.
"""

from __future__ import annotations

import contextlib
import functools
import http.client
import ipaddress
import socket
import ssl
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from newsfuse.errors import E, reject
from newsfuse.knobs import FetchOptions
from newsfuse.model import Article, Reject, Stage

if TYPE_CHECKING:
    from newsfuse.ingest.html import PendingHtml

STAGE: Stage = "fetch"
USER_AGENT = "newsfuse/0.1 (+https://example.invalid/newsfuse)"


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str  # the final URL, after redirects
    data: bytes
    content_type: str


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def is_url(text: str) -> bool:
    return text.lower().startswith(("http://", "https://"))


def check_host(url: str, allow_private: bool) -> str | None:
    """Why ``url`` may not be fetched, or None when it may."""
    why, _ = vet_host(url, allow_private)
    return why


def vet_host(
    url: str, allow_private: bool, seconds: float | None = None
) -> tuple[str | None, str | None]:
    """(why ``url`` may not be fetched, None) or (None, the checked address to connect to).

    ``seconds``: the longest the host name's resolution may take (None: as long as the system
    resolver takes); past it the reason says so."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in {"http", "https"}:
        return f"scheme {parts.scheme!r} is not http(s)", None
    host = parts.hostname
    if not host:
        return "no host", None
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        infos = resolve(host, port, seconds)
    except TimeoutError:
        return f"resolving {host} took more than {seconds:g} s", None
    except (socket.gaierror, UnicodeError, ValueError) as exc:
        return f"cannot resolve {host}: {exc}", None
    if not infos:
        return f"cannot resolve {host}: no address", None
    for info in infos:
        if allow_private:
            break
        ip = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if not is_public(ip):
            return f"{host} resolves to the non-public address {ip} (pass --allow-private)", None
    return None, str(infos[0][4][0])


def resolve(host: str, port: int, seconds: float | None) -> list[Any]:
    """``socket.getaddrinfo`` for a TCP connection to ``host:port``, waited for at most
    ``seconds`` (TimeoutError past them).

    The system resolver has no time limit of its own that a caller can set, and cannot be
    interrupted: it runs on a daemon thread, which is left to finish (or hang) on its own."""
    if seconds is None:
        return socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    box: list[Any] = []

    def run() -> None:
        try:
            box.append(socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP))
        except BaseException as exc:  # noqa: BLE001 - raised in the caller's thread
            box.append(exc)

    t = threading.Thread(target=run, name="newsfuse-resolve", daemon=True)
    t.start()
    t.join(seconds)
    if not box:
        raise TimeoutError(f"resolving {host}")
    if isinstance(box[0], BaseException):
        raise box[0]
    return list(box[0])


def is_public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Whether ``ip`` is a globally reachable address (``ip.is_global``): private, loopback,
    link-local, carrier-grade NAT (100.64.0.0/10, where some clouds serve instance metadata),
    documentation, benchmarking, reserved and multicast ranges are not; an IPv6 address that
    embeds an IPv4 one (``::ffff:a.b.c.d``, 6to4, Teredo) is judged by that address too."""
    if isinstance(ip, ipaddress.IPv6Address):
        inner = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if inner is not None and not is_public(inner):
            return False
    return ip.is_global and not ip.is_multicast


class _Deadline:
    """The end of one request (redirects included): the sockets it opens are shut down when it
    passes, which ends any read waiting on them however the server trickles its bytes."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds
        self._socks: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def left(self) -> float:
        return max(0.001, self.end - time.monotonic())

    def passed(self) -> bool:
        return time.monotonic() >= self.end

    def watch(self, sock: socket.socket) -> socket.socket:
        with self._lock:
            self._socks.append(sock)
            if self.passed():
                self._expire_locked()
        return sock

    def _expire(self) -> None:
        with self._lock:
            self._expire_locked()

    def _expire_locked(self) -> None:
        for sock in self._socks:
            with contextlib.suppress(OSError):  # closed already
                sock.shutdown(socket.SHUT_RDWR)

    def cancel(self) -> None:
        self._timer.cancel()


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """An HTTP connection to an already checked address instead of a fresh DNS answer."""

    def __init__(self, host: str, *, pinned: str, deadline: _Deadline, **kwargs: Any) -> None:
        super().__init__(host, **kwargs)
        self._pinned = pinned
        self._deadline = deadline

    def connect(self) -> None:
        self.sock = self._deadline.watch(
            socket.create_connection(
                (self._pinned, self.port),
                self._deadline.left(),
                self.source_address,  # type: ignore[attr-defined]  # set by __init__, not in typeshed
            )
        )


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to a checked address; the certificate is still verified for the host name."""

    def __init__(self, host: str, *, pinned: str, deadline: _Deadline, **kwargs: Any) -> None:
        super().__init__(host, **kwargs)
        self._pinned = pinned
        self._deadline = deadline

    def connect(self) -> None:
        sock = self._deadline.watch(
            socket.create_connection(
                (self._pinned, self.port),
                self._deadline.left(),
                self.source_address,  # type: ignore[attr-defined]  # set by __init__, not in typeshed
            )
        )
        # typeshed omits HTTPSConnection._context, which its __init__ sets
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


class _PinnedHandler(urllib.request.HTTPHandler, urllib.request.HTTPSHandler):
    """Open http(s) requests on connections pinned to one checked address."""

    def __init__(self, pinned: str, deadline: _Deadline) -> None:
        urllib.request.HTTPHandler.__init__(self)
        urllib.request.HTTPSHandler.__init__(self, context=ssl.create_default_context())
        self.pinned = pinned
        self.deadline = deadline

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        conn = functools.partial(_PinnedHTTPConnection, pinned=self.pinned, deadline=self.deadline)
        return self.do_open(conn, req)

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        conn = functools.partial(_PinnedHTTPSConnection, pinned=self.pinned, deadline=self.deadline)
        # typeshed omits HTTPSHandler._context, which its __init__ sets
        return self.do_open(conn, req, context=self._context)  # type: ignore[attr-defined]


def fetch_url(url: str, opts: FetchOptions) -> Fetched | Reject:
    """GET ``url`` within the limits of ``opts``, following redirects with the same checks.

    ``opts.timeout`` bounds the whole request, redirects and body included (NF502 past it),
    not each socket read: a server trickling a byte a second cannot hold it longer."""
    deadline = _Deadline(opts.timeout)
    try:
        return _fetch(url, opts, deadline)
    finally:
        deadline.cancel()


def _fetch(url: str, opts: FetchOptions, deadline: _Deadline) -> Fetched | Reject:
    current = url
    late = f"more than {opts.timeout:g} s"
    for _ in range(opts.max_redirects + 1):
        if deadline.passed():
            return reject(url, STAGE, E.FETCH_DEADLINE, late)
        why, address = vet_host(current, opts.allow_private, deadline.left())
        if deadline.passed():  # the host name's resolution took the time that was left
            return reject(url, STAGE, E.FETCH_DEADLINE, f"{late} ({why})" if why else late)
        if why or address is None:
            return reject(url, STAGE, E.FETCH, why or "no address")
        opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({}), _NoRedirect, _PinnedHandler(address, deadline)
        )
        req = urllib.request.Request(current, headers={"User-Agent": USER_AGENT})
        try:
            with opener.open(req, timeout=deadline.left()) as resp:
                data = _read_body(resp, opts.max_bytes + 1)
                ctype = resp.headers.get("Content-Type", "")
                final = resp.geturl()
        except urllib.error.HTTPError as exc:
            if exc.code in (301, 302, 303, 307, 308) and exc.headers.get("Location"):
                current = urllib.parse.urljoin(current, exc.headers["Location"])
                continue
            return reject(url, STAGE, E.FETCH, f"HTTP {exc.code}")
        except (urllib.error.URLError, OSError, ValueError, http.client.HTTPException) as exc:
            if deadline.passed():
                return reject(url, STAGE, E.FETCH_DEADLINE, late)
            return reject(url, STAGE, E.FETCH, str(getattr(exc, "reason", exc)))
        if deadline.passed():  # the shut-down socket ended the body early
            return reject(url, STAGE, E.FETCH_DEADLINE, late)
        if len(data) > opts.max_bytes:
            return reject(url, STAGE, E.TOO_LARGE, f"more than {opts.max_bytes:,} bytes")
        return Fetched(final, data, ctype)
    return reject(url, STAGE, E.FETCH, f"more than {opts.max_redirects} redirects")


def _read_body(resp: http.client.HTTPResponse, limit: int) -> bytes:
    """At most ``limit`` bytes of the body, one socket read at a time (``read1``), so that the
    deadline's shutdown ends it."""
    parts: list[bytes] = []
    got = 0
    while got < limit:
        chunk = resp.read1(min(1 << 16, limit - got))
        if not chunk:
            break
        parts.append(chunk)
        got += len(chunk)
    return b"".join(parts)


def read_url(
    url: str, opts: FetchOptions, *, fetch_links: bool = True, defer: bool = False
) -> Iterator[Article | Reject | PendingHtml]:
    """Articles from a fetched feed (its entries' linked pages fetched too) or HTML page.

    ``defer``: a fetched HTML page comes out as a :class:`~newsfuse.ingest.html.PendingHtml`,
    extracted later (by an ingest, on its workers). A feed's linked pages are extracted here,
    in the fetching threads: whether a page replaces its entry depends on what it holds."""
    from newsfuse.ingest.files import content_id, decode, sniff_format

    got = fetch_url(url, opts)
    if isinstance(got, Reject):
        yield got
        return
    fmt = sniff_format(urllib.parse.urlsplit(got.url).path or "page", got.data)
    if "xml" in got.content_type or "rss" in got.content_type or "atom" in got.content_type:
        fmt = "feed"
    text = decode(url, got.data)
    if isinstance(text, Reject):
        yield text
        return
    if fmt == "feed":
        from newsfuse.ingest.feed import read_feed

        entries = read_feed(text, name=url)
        if fetch_links:
            yield from _with_pages(entries, opts)
        else:
            yield from entries
    else:
        from newsfuse.ingest.html import html_article

        yield html_article(
            text, id=content_id(got.url), path=url, url=got.url, after=_as_page, defer=defer
        )


def _as_page(art: Article | Reject) -> Article | Reject:
    """A fetched page's article, marked as read from HTML."""
    return art if isinstance(art, Reject) else replace(art, format="html")


def _with_pages(
    items: Iterator[Article | Reject], opts: FetchOptions
) -> Iterator[Article | Reject]:
    """``items`` in order, each entry with a link replaced by :func:`_with_page`; the links are
    fetched ``opts.concurrency`` at a time (I/O: threads), at most twice that many ahead."""
    ahead: deque[Future[Article] | Article | Reject] = deque()
    with ThreadPoolExecutor(max(1, opts.concurrency), thread_name_prefix="newsfuse-fetch") as pool:
        for item in items:
            if isinstance(item, Article) and item.url:
                ahead.append(pool.submit(_with_page, item, opts))
            else:
                ahead.append(item)
            while len(ahead) > 2 * max(1, opts.concurrency):
                yield _done(ahead.popleft())
        while ahead:
            yield _done(ahead.popleft())


def _done(item: Future[Article] | Article | Reject) -> Article | Reject:
    return item if isinstance(item, Article | Reject) else item.result()


def _with_page(entry: Article, opts: FetchOptions) -> Article:
    """The entry with the body of its linked page when that page is longer than the entry."""
    from newsfuse.ingest.files import decode
    from newsfuse.ingest.html import read_html

    assert entry.url is not None
    got = fetch_url(entry.url, opts)
    if isinstance(got, Reject):
        return entry
    text = decode(entry.url, got.data)
    if isinstance(text, Reject):
        return entry
    page = read_html(text, id=entry.id, path=entry.path, url=entry.url)
    if isinstance(page, Reject) or len(page.text) <= len(entry.text):
        return entry
    return replace(
        page,
        format="feed",
        title=entry.title or page.title,
        published=entry.published or page.published,
        date_method=entry.date_method or page.date_method,
    )
