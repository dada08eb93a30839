"""WARC records as crawlers write them: chunked and gzipped HTTP bodies, a wrong Content-Length,
records that are not articles, bodies in other encodings than UTF-8. Built by hand here."""

from __future__ import annotations

import gzip

from newsfuse.ingest.files import decode_body
from newsfuse.ingest.warc import read_warc
from newsfuse.model import Article, Reject

PARA = (
    "The ferry company of Lower Tarn said on Monday that its two oldest boats would be retired "
    "in the spring, after the harbour inspector found corrosion in both hulls during the winter "
    "survey. Passengers will be carried by a chartered vessel until the new boats arrive."
)


def page(title: str, extra: str = "") -> str:
    paras = "".join(f"<p>{PARA} Paragraph {i}. {extra}</p>" for i in range(4))
    return (
        f"<html><head><title>{title}</title></head><body><article>{paras}</article></body></html>"
    )


def record(kind: str, url: str, payload: bytes, *, length: int | None = None) -> bytes:
    """One WARC record; ``length``: a Content-Length other than the payload's."""
    msg = {"response": "response", "request": "request"}.get(kind)
    ctype = f"application/http; msgtype={msg}" if msg else "application/warc-fields"
    head = (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {url}\r\n"
        f"WARC-Date: 2024-01-01T00:00:00Z\r\nWARC-Record-ID: <urn:uuid:{abs(hash(url)):032x}>\r\n"
        f"Content-Type: {ctype}\r\nContent-Length: {len(payload) if length is None else length}"
        "\r\n\r\n"
    )
    return head.encode() + payload + b"\r\n\r\n"


def http(
    body: bytes, headers: str = "Content-Type: text/html; charset=utf-8", status: str = "200 OK"
) -> bytes:
    return f"HTTP/1.1 {status}\r\n{headers}\r\n\r\n".encode() + body


def chunked(data: bytes, size: int = 100) -> bytes:
    parts = [
        f"{len(data[i : i + size]):x}\r\n".encode() + data[i : i + size] + b"\r\n"
        for i in range(0, len(data), size)
    ]
    return b"".join(parts) + b"0\r\n\r\n"


def split(out: list) -> tuple[list[Article], list[Reject]]:
    return [a for a in out if isinstance(a, Article)], [r for r in out if isinstance(r, Reject)]


def test_a_chunked_gzipped_http_body_is_decoded() -> None:
    body = chunked(gzip.compress(page("Ferries retired").encode()))
    headers = "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip"
    arts, rejects = split(
        list(
            read_warc(
                record("response", "https://tarn.example/a", http(body, headers)), name="c.warc"
            )
        )
    )
    assert not rejects and len(arts) == 1 and "corrosion in both hulls" in arts[0].text


def test_a_wrong_content_length_is_a_named_reject_not_a_cut_article() -> None:
    good = record("response", "https://tarn.example/good", http(page("Good").encode()))
    short = record(
        "response", "https://tarn.example/short", http(page("Short").encode()), length=200
    )
    out = list(read_warc(short + good, name="len.warc"))
    arts, rejects = split(out)
    assert [a.url for a in arts] == ["https://tarn.example/good"]  # the record after it is read
    assert [(r.code, r.source) for r in rejects] == [("NF112", "len.warc@0")]
    assert "Content-Length" in rejects[0].detail


def test_records_that_are_not_articles(capsys) -> None:  # noqa: ANN001
    data = (
        record("warcinfo", "", b"software: test\r\n")
        + record(
            "request", "https://tarn.example/a", b"GET /a HTTP/1.1\r\nHost: tarn.example\r\n\r\n"
        )
        + record("response", "https://tarn.example/a", http(page("A").encode()))
        + record("metadata", "https://tarn.example/a", b"outlinks: none\r\n")
        + record(
            "response",
            "https://tarn.example/x.png",
            http(b"\x89PNG....", "Content-Type: image/png"),
        )
        + record(
            "response",
            "https://tarn.example/gone",
            http(
                b"<html><body>Not found</body></html>", "Content-Type: text/html", "404 Not Found"
            ),
        )
        + record(
            "response",
            "https://tarn.example/b.txt",
            http(PARA.encode(), "Content-Type: text/plain"),
        )
    )
    arts, rejects = split(list(read_warc(data, name="m.warc")))
    assert [a.url for a in arts] == ["https://tarn.example/a", "https://tarn.example/b.txt"]
    assert arts[1].format == "warc" and "corrosion" in arts[1].text  # a plain-text response
    assert [(r.code, r.detail) for r in rejects] == [("NF127", "an HTTP 404 response")]
    assert capsys.readouterr().err == ""  # nothing written past the numbered messages
    only = record("request", "https://tarn.example/a", b"GET / HTTP/1.1\r\n\r\n") + record(
        "metadata", "https://tarn.example/a", b"x: y\r\n"
    )
    out = list(read_warc(only, name="none.warc"))
    assert [(r.code, r.source) for r in out if isinstance(r, Reject)] == [("NF127", "none.warc")]
    assert "metadata 1, request 1" in out[0].detail


def test_garbage_named_warc_is_said_and_quiet(capsys) -> None:  # noqa: ANN001
    out = list(read_warc(b"this is not a warc\n" * 3, name="g.warc"))
    assert out and all(isinstance(r, Reject) and r.source.startswith("g.warc") for r in out)
    assert capsys.readouterr().err == ""


def test_bodies_in_other_encodings() -> None:
    text = "Caf\u00e9 \u201cquoted\u201d"
    cp = page("x", text).encode("cp1252")
    # no charset; a header that lies (UTF-8 said, Windows-1252 sent); a charset no codec knows
    for ctype in ("text/html", "text/html; charset=utf-8", "text/html; charset=x-nonsense"):
        got = decode_body(cp, ctype)
        assert got is not None and text in got[0]
    assert text in decode_body(page("x", text).encode("utf-16"), "text/html")[0]  # by its BOM
    meta = page("x", text).replace("<head>", '<head><meta charset="koi8-r">')
    assert "Привет" in decode_body(meta.replace(text, "Привет").encode("koi8-r"), "text/html")[0]
    data = record(
        "response",
        "https://tarn.example/u",
        http(page("U16", text).encode("utf-16"), "Content-Type: text/html"),
    )
    arts, rejects = split(list(read_warc(data, name="u.warc")))
    assert not rejects and text in arts[0].text


def test_a_body_in_an_encoding_not_undone_is_named_binary() -> None:
    body = bytes(range(256)) * 8  # what a brotli body looks like when it is not decompressed
    headers = "Content-Type: text/html\r\nContent-Encoding: br"
    out = list(
        read_warc(record("response", "https://tarn.example/br", http(body, headers)), name="b.warc")
    )
    assert [(r.code, r.source) for r in out if isinstance(r, Reject)] == [("NF104", "b.warc@0")]
    assert "Content-Encoding: br" in out[0].detail
