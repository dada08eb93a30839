"""The JSON record of one article's analysis (``newsfuse analyze``); every offset is into ``text``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from newsfuse.model import Analysis, Span
from newsfuse.render.json import loaded_dict


def analysis_dict(
    an: Analysis, canonical: Callable[[Span], str | None] | None = None
) -> dict[str, Any]:
    a = an.article
    return {
        "id": a.id,
        "source": a.source,
        "title": a.title,
        "published": a.published.isoformat() if a.published else None,
        "text": a.text,
        "sentences": [{"start": s.span.start, "end": s.span.end} for s in an.sentences],
        "entities": [
            {
                "text": m.text,
                "label": m.label,
                "start": m.span.start,
                "end": m.span.end,
                "canonical": (canonical(m.span) if canonical else None) or m.canonical,
            }
            for m in an.mentions
        ],
        "quotes": [
            {
                "text": q.text,
                "start": q.span.start,
                "end": q.span.end,
                "speaker": q.speaker,
                "speaker_start": q.speaker_span.start if q.speaker_span else None,
                "speaker_end": q.speaker_span.end if q.speaker_span else None,
                "cue": q.cue,
                "direct": q.direct,
            }
            for q in an.quotes
        ],
        "timex": [
            {
                "text": t.text,
                "start": t.span.start,
                "end": t.span.end,
                "type": t.type,
                "value": t.value,
            }
            for t in an.timexes
        ],
        "amounts": [
            {
                "text": m.text,
                "start": m.span.start,
                "end": m.span.end,
                "value": m.value,
                "unit": m.unit,
                "counts": m.counts,
            }
            for m in an.amounts
        ],
        "loaded": [loaded_dict(ph) for ph in an.loaded],
    }
