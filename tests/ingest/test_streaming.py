"""Inputs of any size and shape: containers are streamed record by record, the size limit
applies to one record, and one bad record is rejected alone."""

from __future__ import annotations

import json
import os
import tracemalloc
import zlib
from pathlib import Path

import pytest

from newsfuse.config import Settings
from newsfuse.ingest import read_inputs
from newsfuse.ingest.warc import read_warc
from newsfuse.model import Article, Reject

PARA = (
    "The harbour authority of Port Ellery reopened the northern quay on Monday after a week of "
    "repairs, the port director Miriam Okafor told reporters at the ferry terminal."
)


def read(paths: list[Path | str], **kw: object) -> tuple[list[Article], list[Reject]]:
    out = list(read_inputs([str(p) for p in paths], Settings().with_(**kw)))
    return ([a for a in out if isinstance(a, Article)], [r for r in out if isinstance(r, Reject)])


def record(i: int, text: str = PARA) -> str:
    return json.dumps({"id": f"r{i}", "text": f"{text} Record {i}."}) + "\n"


def test_jsonl_larger_than_the_limit_is_read_record_by_record(tmp_path: Path) -> None:
    f = tmp_path / "many.jsonl"
    with f.open("w", encoding="utf-8") as fh:
        for i in range(400):
            fh.write(record(i))
    assert f.stat().st_size > 20_000
    articles, rejects = read([f], max_bytes=2_000)  # the file is 30x the per-record limit
    assert not rejects and [a.id for a in articles] == [f"r{i}" for i in range(400)]


def test_an_oversized_or_nul_line_is_rejected_alone(tmp_path: Path) -> None:
    f = tmp_path / "mixed.jsonl"
    with f.open("wb") as fh:
        fh.write(record(1).encode())
        fh.write(record(2, "x" * 50_000).encode())  # one record over the limit
        fh.write(b'{"id": "r3", "text": "a NUL \x00 byte"}\n')
        fh.write(record(4).encode())
        fh.write(b'{"id": "r5", "text": "latin \xe9t\xe9 text"}\n')  # Windows-1252 line
    articles, rejects = read([f], max_bytes=10_000)
    assert [a.id for a in articles] == ["r1", "r4", "r5"]
    assert articles[2].text.startswith("latin été")
    assert [(r.source.rsplit(":", 1)[1], r.code) for r in rejects] == [
        ("2", "NF106"),
        ("3", "NF104"),
    ]


def test_lone_surrogates_are_replaced_and_noted(tmp_path: Path) -> None:
    f = tmp_path / "surrogate.jsonl"
    f.write_text(
        record(1)
        + json.dumps({"id": "r2", "title": "bad \ud800 title", "text": PARA + " \udfff end."})
        + "\n"
        + record(3),
        encoding="utf-8",
    )
    assert "\\ud800" in f.read_text(encoding="utf-8")
    articles, rejects = read([f])
    assert not rejects and [a.id for a in articles] == ["r1", "r2", "r3"]
    bad = articles[1]
    assert "\ufffd end." in bad.text and bad.title == "bad \ufffd title"
    assert bad.notes and bad.notes[0].startswith("[NF114] 2 invalid characters")
    for a in articles:
        a.text.encode("utf-8")  # would raise on a lone surrogate
    assert not articles[0].notes


def test_fifo_is_refused_without_opening_it(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)  # opening it for reading would wait for a writer for ever
    (tmp_path / "good.txt").write_text(PARA, encoding="utf-8")
    articles, rejects = read([fifo])
    assert not articles and [r.code for r in rejects] == ["NF115"] and "FIFO" in rejects[0].detail
    articles, rejects = read([tmp_path])  # found in a folder: refused too, not skipped
    assert [a.id for a in articles] == ["good"]
    assert [(Path(r.source).name, r.code) for r in rejects] == [("pipe.txt", "NF115")]


def _gz(data: bytes) -> bytes:
    c = zlib.compressobj(6, zlib.DEFLATED, 31)
    return c.compress(data) + c.flush()


def _warc_head(url: str, length: int) -> bytes:
    return (
        "WARC/1.0\r\nWARC-Type: response\r\n"
        f"WARC-Target-URI: {url}\r\nWARC-Date: 2022-03-01T10:00:00Z\r\n"
        f"WARC-Record-ID: <urn:uuid:{abs(hash(url)):032x}>\r\n"
        "Content-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {length}\r\n\r\n"
    ).encode()


def warc_record(url: str, html: str) -> bytes:
    http = b"HTTP/1.0 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html.encode()
    return _gz(_warc_head(url, len(http)) + http + b"\r\n\r\n")


def bomb_record(url: str, size: int) -> bytes:
    """One gzip member holding a response record with ``size`` bytes of body, compressed as it
    is built (the body is never held whole)."""
    http = b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n"
    c = zlib.compressobj(9, zlib.DEFLATED, 31)
    out = [c.compress(_warc_head(url, len(http) + size) + http)]
    chunk = b" " * (1 << 20)
    for _ in range(size // len(chunk)):
        out.append(c.compress(chunk))
    out.append(c.compress(b"\r\n\r\n"))
    out.append(c.flush())
    return b"".join(out)


def page(i: int) -> str:
    body = "".join(f"<p>{PARA} Paragraph {k} of page {i}.</p>" for k in range(4))
    return (
        f"<html><head><title>Quay {i}</title></head><body><article>{body}</article></body></html>"
    )


def test_warc_bomb_record_is_rejected_in_bounded_memory(tmp_path: Path) -> None:
    size = 128 << 20  # 128 MiB of body in about 128 KiB of gzip
    f = tmp_path / "bomb.warc.gz"
    f.write_bytes(
        warc_record("https://port.example/1", page(1))
        + bomb_record("https://port.example/bomb", size)
        + warc_record("https://port.example/2", page(2))
    )
    assert f.stat().st_size < 1_000_000
    tracemalloc.start()
    try:
        articles, rejects = read([f], max_bytes=1_000_000)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [a.url for a in articles] == ["https://port.example/1", "https://port.example/2"]
    assert [r.code for r in rejects] == ["NF106"]
    assert rejects[0].source.startswith(f"{f}@") and "1,000,000" in rejects[0].detail
    assert peak < 32_000_000, peak  # the 128 MiB body was never held whole


def test_warc_is_streamed_not_read_whole(tmp_path: Path) -> None:
    f = tmp_path / "many.warc.gz"
    f.write_bytes(b"".join(warc_record(f"https://port.example/{i}", page(i)) for i in range(30)))
    articles, rejects = read([f], max_bytes=f.stat().st_size // 10)
    assert not rejects and len(articles) == 30


def test_truncated_gzip_warc_streamed_still_reports_the_cut(tmp_path: Path) -> None:
    data = b"".join(warc_record(f"https://port.example/{i}", page(i)) for i in range(3))
    f = tmp_path / "cut.warc.gz"
    f.write_bytes(data[:-20])
    articles, rejects = read([f])
    assert len(articles) <= 3 and [r.code for r in rejects] == ["NF112"]
    out = list(read_warc(data, name="whole.warc.gz"))
    assert not any(isinstance(r, Reject) for r in out)


@pytest.mark.parametrize("limit", [300, 5_000])
def test_long_text_is_parsed_in_pieces_with_offsets_kept(nlp, limit: int) -> None:
    from newsfuse.analyze.pipeline import analyze_many, text_pieces

    paras = [
        f'Miriam Okafor said "the quay reopens on Monday" in Port Ellery. Story {i} ends here.'
        for i in range(60)
    ]
    text = "\n\n".join(paras) + " " + "word " * 200  # a tail with no paragraph break
    pieces = text_pieces(text, limit)
    assert "".join(pieces) == text and all(len(p) <= limit for p in pieces) and len(pieces) > 1
    an = next(analyze_many([Article(id="long", text=text)], nlp))
    assert len(an.sentences) >= 120
    for s in an.sentences:
        assert text[s.span.start : s.span.end] == s.text
    persons = [m for m in an.mentions if m.label == "PERSON"]
    assert len(persons) >= 50 and all(text[m.span.start : m.span.end] == m.text for m in persons)
    assert max(m.span.start for m in persons) > len(text) // 2  # found in the later pieces


def test_a_text_over_a_million_characters_is_parsed_whole() -> None:
    """A real 1.05-million-character text (over spaCy's max_length, which fails with E088):
    parsed in pieces with a tokenizer-only pipeline (fast), one Doc, every offset kept."""
    import spacy

    from newsfuse.analyze.pipeline import parse

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    para = "Miriam Okafor reopened the quay at Port Ellery on Monday. Ferries ran again.\n\n"
    text = para * (1_050_000 // len(para) + 1)
    assert len(text) > nlp.max_length
    doc = parse(nlp, text)
    assert doc.text == text
    sents = list(doc.sents)
    assert len(sents) >= 2 * (len(text) // len(para))
    last = sents[-1]
    assert text[last.start_char : last.end_char] == last.text
