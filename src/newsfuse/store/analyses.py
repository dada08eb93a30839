"""Analyses and sentence vectors as the store keeps them, and back.

An ingest with ``--analyze`` stores each article's :class:`~newsfuse.model.Analysis` as JSON
(``corpus.ingest.analysis_json``: the records' fields, without the article) and the MiniLM
vectors of its sentences, one float32 row of ``dim`` values per sentence in sentence order
(little-endian bytes). A briefing of a stored story reads both back instead of parsing and
encoding again: :func:`decode_analysis` rebuilds the typed records, :func:`decode_vectors` the
array. Every span is re-pointed at the stored article id (an ingest may rename an article whose id
was taken, after its analysis was made).
"""

from __future__ import annotations

import dataclasses
import functools
from datetime import date
from typing import Any

import numpy as np

from newsfuse.model import (
    Amount,
    Analysis,
    Argument,
    Article,
    LoadedPhrase,
    Mention,
    PronounSubject,
    Quote,
    Sentence,
    Span,
    Timex,
)

_SPAN_KEYS = frozenset({"article", "start", "end"})


@functools.cache
def _fields(cls: type) -> tuple[tuple[str, bool], ...]:
    """The fields of record class ``cls``: (name, whether it holds a date)."""
    return tuple((f.name, str(f.type).startswith("date")) for f in dataclasses.fields(cls))


def _record(cls: type, data: dict[str, Any], article: str) -> Any:
    """``cls`` built from its JSON fields: spans re-pointed at ``article``, dates parsed, fields
    the record does not have (written by another version) left out."""
    values: dict[str, Any] = {}
    for name, is_date in _fields(cls):
        if name not in data:
            continue
        v = data[name]
        if isinstance(v, dict) and v.keys() == _SPAN_KEYS:
            v = Span(article, int(v["start"]), int(v["end"]))
        elif is_date and isinstance(v, str):
            v = date.fromisoformat(v)
        elif isinstance(v, list):
            v = tuple(v)
        values[name] = v
    return cls(**values)


def decode_analysis(article: Article, data: dict[str, Any]) -> Analysis:
    """The Analysis of ``article`` from its stored JSON (``json.loads`` of ``analysis_json``)."""
    aid = article.id
    return Analysis(
        article=article,
        sentences=tuple(_record(Sentence, s, aid) for s in data.get("sentences", [])),
        mentions=tuple(_record(Mention, m, aid) for m in data.get("mentions", [])),
        quotes=tuple(_record(Quote, q, aid) for q in data.get("quotes", [])),
        timexes=tuple(_record(Timex, t, aid) for t in data.get("timexes", [])),
        amounts=tuple(_record(Amount, a, aid) for a in data.get("amounts", [])),
        lemmas=tuple(tuple(x) for x in data.get("lemmas", [])),
        tenses=tuple(data.get("tenses", [])),
        events=tuple(tuple(x) for x in data.get("events", [])),
        loaded=tuple(_record(LoadedPhrase, p, aid) for p in data.get("loaded", [])),
        subjects=tuple(_record(PronounSubject, p, aid) for p in data.get("subjects", [])),
        arguments=tuple(_record(Argument, a, aid) for a in data.get("arguments", [])),
    )


def encode_vectors(vectors: np.ndarray) -> bytes:
    """Rows of float32, little-endian, as stored."""
    return np.ascontiguousarray(vectors, dtype="<f4").tobytes()


def decode_vectors(blob: bytes, dim: int) -> np.ndarray:
    """The float32 array of shape ``(rows, dim)`` stored by :func:`encode_vectors`."""
    return np.frombuffer(blob, dtype="<f4").reshape(-1, dim).astype(np.float32)
