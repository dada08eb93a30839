"""Fetching: only globally reachable addresses unless --allow-private; --timeout bounds the whole
request, however slowly a server sends."""

from __future__ import annotations

import ipaddress
import socket
import threading
from collections.abc import Iterator

import pytest

from newsfuse.corpus import fetch
from newsfuse.model import Reject


@pytest.mark.parametrize(
    "address",
    [
        "100.64.0.1",  # carrier-grade NAT
        "100.100.100.200",  # a cloud metadata service inside it
        "127.0.0.1",
        "10.1.2.3",
        "169.254.169.254",
        "192.0.2.10",  # documentation
        "198.18.0.1",  # benchmarking
        "0.0.0.0",
        "224.0.0.1",
        "::1",
        "fe80::1",
        "fc00::1",
        "::ffff:127.0.0.1",
        "::ffff:100.64.0.1",
        "2002:7f00:1::",  # 6to4 around 127.0.0.1
    ],
)
def test_non_global_addresses_are_refused(address: str) -> None:
    assert not fetch.is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111"])
def test_global_addresses_are_allowed(address: str) -> None:
    assert fetch.is_public(ipaddress.ip_address(address))


def test_cgnat_host_is_refused_before_connecting(monkeypatch: pytest.MonkeyPatch) -> None:
    def fake_getaddrinfo(host: str, port: int, *args: object, **kwargs: object) -> list:
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("100.100.100.200", port))]

    monkeypatch.setattr(fetch.socket, "getaddrinfo", fake_getaddrinfo)
    got = fetch.fetch_url("http://metadata.example/latest", fetch.FetchOptions(timeout=2))
    assert isinstance(got, Reject) and got.code == "NF501"
    assert "non-public address 100.100.100.200" in got.detail


@pytest.fixture()
def trickle() -> Iterator[int]:
    """A server on 127.0.0.1 that sends its headers, then one body byte every 0.5 s for 30 s."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(4)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = srv.accept()
            except OSError:
                return
            with conn:
                try:
                    conn.recv(4096)
                    conn.sendall(
                        b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\nContent-Length: 60\r\n\r\n"
                    )
                    for _ in range(60):
                        if stop.wait(0.5):
                            return
                        conn.sendall(b"x")
                except OSError:
                    continue

    t = threading.Thread(target=serve, daemon=True)
    t.start()
    try:
        yield srv.getsockname()[1]
    finally:
        stop.set()
        srv.close()


def test_timeout_bounds_the_whole_request(trickle: int) -> None:
    opts = fetch.FetchOptions(allow_private=True, timeout=1.5)
    got = fetch.fetch_url(f"http://127.0.0.1:{trickle}/slow", opts)
    # each read waits 0.5 s, well under the 1.5 s: a limit per read would let the whole body
    # (30 s) arrive and return it; only a deadline for the whole request rejects it (NF502)
    assert isinstance(got, Reject) and got.code == "NF502", got
    assert "more than 1.5 s" in got.detail


def test_the_deadline_covers_resolving_the_host(monkeypatch: pytest.MonkeyPatch) -> None:
    """A resolver that takes 5 s (a DNS server that does not answer) is not waited for past
    the request's time limit: NF502 after about 0.5 s."""
    import time

    def slow_getaddrinfo(host: str, port: int, *args: object, **kwargs: object) -> list:
        time.sleep(5)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port))]

    monkeypatch.setattr(fetch.socket, "getaddrinfo", slow_getaddrinfo)
    start = time.monotonic()
    got = fetch.fetch_url("http://slow-dns.example/a", fetch.FetchOptions(timeout=0.5))
    took = time.monotonic() - start
    assert isinstance(got, Reject) and got.code == "NF502", got
    assert "resolving slow-dns.example took more than" in got.detail
    assert took < 3, took  # bounded by the deadline, not by the resolver's 5 s


def test_a_resolver_error_within_the_deadline_is_nf501(monkeypatch: pytest.MonkeyPatch) -> None:
    def failing_getaddrinfo(host: str, port: int, *args: object, **kwargs: object) -> list:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(fetch.socket, "getaddrinfo", failing_getaddrinfo)
    got = fetch.fetch_url("http://nowhere.example/a", fetch.FetchOptions(timeout=2))
    assert isinstance(got, Reject) and got.code == "NF501"
    assert "cannot resolve nowhere.example" in got.detail
