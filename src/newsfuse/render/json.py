"""The JSON contract of a briefing (field names other tools rely on; see docs/json.md)."""

from __future__ import annotations

import json
from typing import Any

from newsfuse.model import Article, Briefing, LoadedPhrase, Span


def _cites(spans: tuple[Span, ...]) -> list[dict[str, object]]:
    return [s.to_dict() for s in spans]


def loaded_dict(ph: LoadedPhrase) -> dict[str, Any]:
    """A loaded phrase's own fields, as the briefing's and the analysis's JSON write them."""
    return {
        "text": ph.text,
        "start": ph.span.start,
        "end": ph.span.end,
        "score": ph.score,
        "polarity": ph.polarity,
        "target": ph.target,
    }


def article_dict(a: Article, *, with_raw: bool = False) -> dict[str, Any]:
    d: dict[str, Any] = {
        "id": a.id,
        "source": a.source,
        "source_method": a.source_method,
        "wire": a.wire,
        "credits": list(a.credits),
        "title": a.title,
        "url": a.url,
        "published": a.published.isoformat() if a.published else None,
        "date_method": a.date_method,
        "path": a.path,
        "format": a.format,
        "text": a.text,
        "removed": [{"line": r.line, "reason": r.reason} for r in a.removed],
    }
    if with_raw:
        d["raw"] = a.raw
    return d


def to_dict(b: Briefing) -> dict[str, Any]:
    sources = {a.id: a.source for a in b.articles}
    return {
        "id": b.id,
        "headline": b.headline,
        "articles": [article_dict(a) for a in b.articles],
        "summary": [{"text": s.text, "citations": _cites(s.citations)} for s in b.summary],
        "facts": [
            {
                "text": f.text,
                "articles": list(f.articles),
                "independent_sources": f.independent_sources,
                "sources": list(f.sources),
                "citations": _cites(f.citations),
            }
            for f in b.facts
        ],
        "timeline": [
            {
                "date": t.date,
                "event": t.event,
                "articles": list(t.articles),
                "independent_sources": t.independent_sources,
                "day_score": t.day_score,
                "citations": _cites(t.citations),
            }
            for t in b.timeline
        ],
        "entities": [
            {
                "name": e.name,
                "type": e.type,
                "variants": list(e.variants),
                "articles": list(e.articles),
                "titles": list(e.titles),
                "variant_articles": {v: list(arts) for v, arts in e.variant_articles},
                "mentions": len(e.mentions),
            }
            for e in b.entities
        ],
        "quotes": [
            {
                "speaker": q.speaker,
                "text": q.text,
                "cue": q.cue,
                "direct": q.direct,
                "articles": list(q.articles),
                "citations": _cites(q.citations),
            }
            for q in b.quotes
        ],
        "discrepancies": [
            {
                "kind": d.kind,
                "description": d.description,
                "values": [
                    {
                        "value": v.value,
                        "articles": list(v.articles),
                        "citations": _cites(v.citations),
                    }
                    for v in d.values
                ],
            }
            for d in b.discrepancies
        ],
        "framing": [
            {
                "term": f.term,
                "family": f.family,
                "articles": list(f.articles),
                "quoted_in": list(f.quoted_in),
                "citations": _cites(f.citations),
            }
            for f in b.framing
        ],
        "loaded_language": [
            {
                "article": ph.span.article,
                "outlet": sources.get(ph.span.article),
                **loaded_dict(ph),
                "target_span": ph.target_span.to_dict() if ph.target_span else None,
            }
            for ph in b.loaded
        ],
        "coverage": [
            {
                "article": c.article,
                "unique_facts": list(c.unique_facts),
                "missing_facts": list(c.missing_facts),
            }
            for c in b.coverage
        ],
        "rejects": [
            {
                "source": r.source,
                "stage": r.stage,
                "code": r.code,
                "reason": r.reason,
                "detail": r.detail,
            }
            for r in b.rejects
        ],
        "stats": dict(b.stats),
    }


def to_json(b: Briefing, indent: int | None = 2) -> str:
    return json.dumps(to_dict(b), ensure_ascii=False, indent=indent)
