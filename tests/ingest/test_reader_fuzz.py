"""Bounded fuzzing of the readers: whatever bytes a file holds, reading never raises, and every
output is an Article with valid text or a numbered Reject."""

from __future__ import annotations

import gzip
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsfuse.config import Settings
from newsfuse.ingest import read_inputs
from newsfuse.model import Article, Reject

SUFFIXES = ["", ".txt", ".html", ".jsonl", ".rss", ".warc", ".warc.gz", ".txt.gz", ".json"]

HEADS = [
    b"",
    b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 40\r\n\r\n",
    b"\x1f\x8b\x08\x00",
    b'{"id": "x", "text": "',
    b"<html><body><article><p>",
    b'<?xml version="1.0"?><rss version="2.0"><channel><item><description>',
    b"\xff\xfe",
    b"\xef\xbb\xbf",
]

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def check(outs: list[object]) -> None:
    for out in outs:
        assert isinstance(out, Article | Reject), type(out)
        if isinstance(out, Reject):
            assert out.code.startswith("NF") and out.message()
        else:
            for value in (out.id, out.text, out.title or "", out.source or "", out.url or ""):
                value.encode("utf-8")  # never a lone surrogate


def read_file(data: bytes, suffix: str, **kw: object) -> list[object]:
    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / f"input{suffix}"
        f.write_bytes(gzip.compress(data) if suffix == ".txt.gz" else data)
        return list(read_inputs([str(f)], Settings(progress=False).with_(**kw)))


@FUZZ
@given(
    head=st.sampled_from(HEADS),
    body=st.binary(max_size=600),
    suffix=st.sampled_from(SUFFIXES),
    limit=st.sampled_from([64, 50_000_000]),
)
def test_any_bytes_are_read_or_rejected(head: bytes, body: bytes, suffix: str, limit: int) -> None:
    check(read_file(head + body, suffix, max_bytes=limit))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=40),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)
records = st.fixed_dictionaries(
    {},
    optional={
        "id": st.text(max_size=10) | st.integers(),
        "text": st.text(max_size=200),  # any code point, lone surrogates included
        "html": st.text(max_size=200).map(lambda t: f"<html><body><p>{t}</p></body></html>"),
        "title": st.text(max_size=30),
        "published": st.text(max_size=30) | st.just("2022-02-26"),
        "url": st.text(max_size=30),
        "source": json_values,
    },
)


@FUZZ
@given(lines=st.lists(records | json_values, min_size=1, max_size=6))
def test_any_jsonl_records_are_read_or_rejected(lines: list[object]) -> None:
    data = "\n".join(json.dumps(x) for x in lines).encode("utf-8")
    outs = read_file(data, ".jsonl")
    check(outs)
    assert len(outs) == len(lines)  # one article or one reject per line, none lost
