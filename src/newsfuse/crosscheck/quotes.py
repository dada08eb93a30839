"""Who said what: quotes grouped across outlets when they report the same words of the same speaker.

Two quotes are the same when their speakers resolve to the same entity (or one speaker is
unknown) and their words overlap strongly (token-set similarity of the quoted text), so a
translation variant ("will not be limited to Europe" / "will not stop in Europe") is matched only
when it shares enough words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from rapidfuzz import fuzz

from newsfuse.analyze.quotes_speaker import CLOCK_WORDS, TITLES
from newsfuse.model import Analysis, Quote, QuoteGroup, Span

WORD = re.compile(r"[\w']+")
PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you"})


def _norm(text: str) -> str:
    return " ".join(WORD.findall(text.lower()))


def _glued(name: str, said: list[str]) -> bool:
    """True when the entity name ``name`` puts words before a speaker the quote already names in
    full ("Japan Rahm Emanuel" for "Rahm Emanuel") or starts with a title or clock word that is
    not part of a name ("PM BP" for "BP")."""
    words = name.lower().split()
    said = [w for w in said if w != "the"]
    if not words:
        return True
    if words[0] not in said and (words[0].rstrip(".") in TITLES or words[0] in CLOCK_WORDS):
        return True
    if len(said) >= 2 and said[0] not in PRONOUNS and said[0] in words:
        return words.index(said[0]) > 0
    return False


def speaker_name(q: Quote, canonical: Callable[[Span], str | None]) -> str | None:
    """The speaker as the briefing names it: the canonical name of the entity the speaker phrase
    mentions when it agrees with the quote's own speaker, else that speaker (pronouns: None)."""
    if q.speaker_span is not None:
        name = canonical(q.speaker_span)
        said = (q.speaker or "").lower().replace("’s", "").replace("'s", "").split()
        if (
            name
            and (not said or said[-1] in name.lower().split() or said[0] in PRONOUNS)
            and not _glued(name, said)
        ):
            return name
    if q.speaker and q.speaker.lower() not in PRONOUNS:
        return q.speaker
    return None


def group_quotes(
    analyses: Sequence[Analysis],
    canonical: Callable[[Span], str | None],
    *,
    threshold: float = 70.0,
    limit: int | None = None,
) -> list[QuoteGroup]:
    """Every quote group, most outlets first (``limit``: only the first ones)."""
    items: list[tuple[Quote, str | None, str]] = []
    for an in analyses:
        for q in an.quotes:
            norm = _norm(q.text)
            if len(norm.split()) < 4:
                continue
            items.append((q, speaker_name(q, canonical), norm))
    groups: list[list[tuple[Quote, str | None, str]]] = []
    # per group (kept as it grows): its speakers' names and its articles
    speakers_of: list[set[str]] = []
    articles_of: list[set[str]] = []
    for item in items:
        q, spk, norm = item
        placed = False
        for g, spks, arts in zip(groups, speakers_of, articles_of, strict=True):
            if spk and spks and spk not in spks:
                continue
            if q.span.article in arts:
                continue
            # score_cutoff: 0 below the threshold, the score itself at or above it
            if any(
                fuzz.token_set_ratio(norm, other, score_cutoff=threshold) >= threshold
                for _, _, other in g
            ):
                g.append(item)
                if spk:
                    spks.add(spk)
                arts.add(q.span.article)
                placed = True
                break
        if not placed:
            groups.append([item])
            speakers_of.append({spk} if spk else set())
            articles_of.append({q.span.article})
    out = []
    for g in groups:
        speakers = [s for _, s, _ in g if s]
        rep = max(g, key=lambda x: (x[0].direct, len(x[2])))[0]
        text = rep.text.strip()
        if not rep.direct:
            text = re.sub(r"^that\s+", "", text)
            text = text[:1].upper() + text[1:]
        out.append(
            QuoteGroup(
                speaker=max(set(speakers), key=speakers.count) if speakers else None,
                text=text,
                cue=rep.cue,
                direct=rep.direct,
                citations=tuple(x[0].span for x in g),
                articles=tuple(dict.fromkeys(x[0].span.article for x in g)),
            )
        )
    out.sort(
        key=lambda g: (
            -len(g.articles),
            g.speaker is None,
            g.citations[0].article,
            g.citations[0].start,
        )
    )
    return out if limit is None else out[:limit]
