"""A briefing to and from the JSON kept in the store.

The stored form is the JSON contract (:func:`newsfuse.render.json.to_dict`, docs/json.md) with
one addition: each entity's ``mention_spans`` (the contract gives only their number), so a
briefing read back is the :class:`~newsfuse.model.Briefing` that was stored.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from newsfuse.model import (
    Article,
    Briefing,
    Coverage,
    Discrepancy,
    DiscrepancyValue,
    Entity,
    Fact,
    FramingTerm,
    LoadedPhrase,
    QuoteGroup,
    Reject,
    Removed,
    Span,
    SummarySentence,
    TimelineEntry,
)
from newsfuse.render.json import to_dict

FORMAT = 3  # bumped when the stored form changes; older rows are briefed again (3: day_score)


def dumps(b: Briefing) -> str:
    d = to_dict(b)
    for out, e in zip(d["entities"], b.entities, strict=True):
        out["mention_spans"] = [[s.article, s.start, s.end] for s in e.mentions]
    d["format"] = FORMAT
    return json.dumps(d, ensure_ascii=False, separators=(",", ":"))


def loads(text: str) -> Briefing:
    d = json.loads(text)
    if d.get("format") != FORMAT:
        raise ValueError(f"stored briefing format {d.get('format')!r}, expected {FORMAT}")
    return from_dict(d)


def _spans(items: list[dict[str, Any]]) -> tuple[Span, ...]:
    return tuple(Span(str(c["article"]), int(c["start"]), int(c["end"])) for c in items)


def _article(a: dict[str, Any]) -> Article:
    return Article(
        id=a["id"],
        text=a["text"],
        source=a.get("source"),
        title=a.get("title"),
        url=a.get("url"),
        published=date.fromisoformat(a["published"]) if a.get("published") else None,
        path=a.get("path"),
        removed=tuple(Removed(r["line"], r["reason"]) for r in a.get("removed", ())),
        source_method=a.get("source_method") or "",
        date_method=a.get("date_method") or "",
        wire=a.get("wire"),
        credits=tuple(a.get("credits", ())),
        format=a.get("format") or "text",
    )


def from_dict(d: dict[str, Any]) -> Briefing:
    """The :class:`Briefing` of a stored dict (see :func:`dumps`)."""
    return Briefing(
        id=d.get("id"),
        headline=d["headline"],
        articles=tuple(_article(a) for a in d["articles"]),
        summary=tuple(SummarySentence(s["text"], _spans(s["citations"])) for s in d["summary"]),
        facts=tuple(
            Fact(
                f["text"],
                tuple(f["articles"]),
                int(f["independent_sources"]),
                _spans(f["citations"]),
                tuple(f.get("sources", ())),
            )
            for f in d["facts"]
        ),
        timeline=tuple(
            TimelineEntry(
                t["date"],
                t["event"],
                _spans(t["citations"]),
                tuple(t["articles"]),
                int(t.get("independent_sources", 1)),
                None if t.get("day_score") is None else float(t["day_score"]),
            )
            for t in d["timeline"]
        ),
        entities=tuple(
            Entity(
                name=e["name"],
                type=e["type"],
                variants=tuple(e["variants"]),
                articles=tuple(e["articles"]),
                mentions=tuple(Span(a, s, t) for a, s, t in e.get("mention_spans", ())),
                titles=tuple(e.get("titles", ())),
                variant_articles=tuple(
                    (v, tuple(arts)) for v, arts in e.get("variant_articles", {}).items()
                ),
            )
            for e in d["entities"]
        ),
        quotes=tuple(
            QuoteGroup(
                q.get("speaker"),
                q["text"],
                q.get("cue"),
                bool(q["direct"]),
                _spans(q["citations"]),
                tuple(q["articles"]),
            )
            for q in d["quotes"]
        ),
        discrepancies=tuple(
            Discrepancy(
                x["kind"],
                x["description"],
                tuple(
                    DiscrepancyValue(v["value"], tuple(v["articles"]), _spans(v["citations"]))
                    for v in x["values"]
                ),
            )
            for x in d["discrepancies"]
        ),
        framing=tuple(
            FramingTerm(
                f["term"],
                tuple(f["articles"]),
                tuple(f["quoted_in"]),
                f.get("family", ""),
                _spans(f.get("citations", ())),
            )
            for f in d["framing"]
        ),
        coverage=tuple(
            Coverage(c["article"], tuple(c["unique_facts"]), tuple(c["missing_facts"]))
            for c in d["coverage"]
        ),
        loaded=tuple(
            LoadedPhrase(
                Span(str(x["article"]), int(x["start"]), int(x["end"])),
                x["text"],
                float(x["score"]),
                x.get("polarity", ""),
                x.get("target"),
                _spans([x["target_span"]])[0] if x.get("target_span") else None,
            )
            for x in d.get("loaded_language", ())
        ),
        rejects=tuple(
            Reject(r["source"], r["stage"], r["reason"], r.get("detail", ""), r.get("code", ""))
            for r in d["rejects"]
        ),
        stats=dict(d.get("stats", {})),
    )
