"""Framing: how each outlet told the story.

Two answers. *Loaded language* (``analyze/loaded.py``): the judging words each article uses in its
own voice, found per article at analysis time; :func:`loaded_by_outlet` groups them per outlet,
strongest first. *Contested terms*: for the story's contested term families, which words each outlet
uses, in its own voice or quoted.

Terms come in families of words outlets choose between for the same thing (``data/framing.json``:
"invasion", "aggression", "attack", "war", "special military operation"...). A family is *contested*
in a story when its articles use at least two of its terms. For each term we list the articles that
use it in their own voice and those that use it only inside quotation marks or a quote attributed
to someone else.
"""

from __future__ import annotations

import bisect
import functools
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources

from newsfuse import textsearch
from newsfuse.model import Analysis, Article, FramingTerm, LoadedPhrase, Span

QUOTE_PAIRS = (("“", "”"), ('"', '"'), ("‘", "’"), ("'", "'"))


@dataclass(frozen=True, slots=True)
class Family:
    name: str
    terms: tuple[tuple[str, re.Pattern[str]], ...]
    #: per term, its forms lowercased (empty: not known, every text is searched in full)
    forms: tuple[tuple[str, ...], ...] = field(default=(), compare=False)

    def hits(self, i: int, text: str, lowered: str | None) -> list[re.Match[str]]:
        """The matches of term ``i`` in ``text``, as ``finditer`` finds them; with ``lowered``
        (``text`` lowercased, see :func:`newsfuse.textsearch.lowered`) tried only where a form
        of the term starts in it."""
        forms = self.forms[i] if self.forms else None
        return textsearch.matches_at_starts(self.terms[i][1], text, lowered, forms)


def load_families(path: str | None = None) -> list[Family]:
    if path is None:
        return list(_default_families())
    with open(path, encoding="utf-8") as fh:
        return _families(fh.read())


@functools.cache
def _default_families() -> tuple[Family, ...]:
    """The families of ``data/framing.json``, read and compiled once per process."""
    text = resources.files("newsfuse.data").joinpath("framing.json").read_text("utf-8")
    return tuple(_families(text))


def _families(text: str) -> list[Family]:
    out = []
    for name, terms in json.loads(text)["families"].items():
        pats = []
        for term, forms in terms.items():
            alt = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
            pats.append((term, re.compile(rf"(?<![\w-])(?:{alt})(?![\w-])", re.IGNORECASE)))
        lowered = tuple(tuple(f.lower() for f in forms) for forms in terms.values())
        out.append(Family(name, tuple(pats), lowered))
    return out


def quoted_regions_of(analyses: Sequence[Analysis]) -> dict[str, list[tuple[int, int]]]:
    """Article id -> :func:`quoted_regions`, for ``framing`` and ``contrastive_terms`` to share."""
    return {an.article.id: quoted_regions(an) for an in analyses}


#: a straight single quote that can open a quoted passage, and one that can close it
_SINGLE_OPEN = re.compile(r"'(?<!\w')(?=\w)")
_SINGLE_CLOSE = re.compile(r"'(?<=[\w.,!?]')(?!\w)")


def single_quoted(text: str) -> list[tuple[int, int]]:
    r"""The spans ``finditer`` gives for ``(?<![\w])'(?=\w)(.+?)(?<=[\w.,!?])'(?![\w])``
    (DOTALL): a straight single quote not after a word character and before one, to the first
    closing one at least two characters on (after a word character or ., !, ?, not before a
    word character), the next search starting after it. Found from the positions of the
    possible openers and closers in one pass each (the pattern itself scans on to the end of
    the text from every opener that has no closer, which grows with the square of the text)."""
    closers = [m.start() for m in _SINGLE_CLOSE.finditer(text)]
    out: list[tuple[int, int]] = []
    pos = 0
    for m in _SINGLE_OPEN.finditer(text):
        p = m.start()
        if p < pos:
            continue
        k = bisect.bisect_left(closers, p + 2)
        if k == len(closers):
            break  # no closer after this opener, nor after any later one
        out.append((p, closers[k] + 1))
        pos = closers[k] + 1
    return out


def quoted_regions(an: Analysis) -> list[tuple[int, int]]:
    """Character ranges inside quotation marks or inside extracted direct quotes."""
    text = an.article.text
    regions = [(q.span.start, q.span.end) for q in an.quotes if q.direct]
    for op, cl in QUOTE_PAIRS:
        if op == "'":
            regions.extend(single_quoted(text))
            continue
        if op == cl:
            pat = re.compile(
                re.escape(op) + r"([^" + re.escape(op) + r"\n]{1,600})" + re.escape(cl)
            )
        else:
            pat = re.compile(re.escape(op) + r"([^" + re.escape(cl) + r"]{1,1200})" + re.escape(cl))
        regions.extend((m.start(), m.end()) for m in pat.finditer(text))
    return regions


def framing(
    analyses: Sequence[Analysis],
    families: Sequence[Family],
    regions: Mapping[str, list[tuple[int, int]]] | None = None,
) -> list[FramingTerm]:
    """The contested families' terms, with the articles that use them in their own voice and
    inside quotes. ``regions``: :func:`quoted_regions_of` the articles, when already found.

    A term's pattern is tried only where one of its forms starts in the lowercased text
    (:meth:`Family.hits`), the same hits as searching every text in full."""
    out: list[FramingTerm] = []
    regions_of: dict[str, list[tuple[int, int]]] = dict(regions or {})  # per article, found once
    lowered = [textsearch.lowered(an.article.text) for an in analyses]
    for fam in families:
        rows: list[FramingTerm] = []
        for i, (term, _) in enumerate(fam.terms):
            own: list[str] = []
            quoted: list[str] = []
            cites: list[Span] = []
            for an, low in zip(analyses, lowered, strict=True):
                hits = fam.hits(i, an.article.text, low)
                if not hits:
                    continue
                quoted_at = regions_of.get(an.article.id)
                if quoted_at is None:
                    quoted_at = regions_of[an.article.id] = quoted_regions(an)
                inside = [any(s <= m.start() < e for s, e in quoted_at) for m in hits]
                if not all(inside):
                    own.append(an.article.id)
                if any(inside):
                    quoted.append(an.article.id)
                cites.extend(Span(an.article.id, m.start(), m.end()) for m in hits)
            if own or quoted:
                rows.append(FramingTerm(term, tuple(own), tuple(quoted), fam.name, tuple(cites)))
        if len(rows) >= 2:
            rows.sort(key=lambda r: -len(set(r.articles) | set(r.quoted_in)))
            out.extend(rows)
    return out


def outlet_of(article: Article) -> str:
    return article.source or article.id


def loaded_by_outlet(
    articles: Sequence[Article], loaded: Sequence[LoadedPhrase], limit: int | None = None
) -> list[tuple[str, list[LoadedPhrase]]]:
    """Loaded phrases per outlet (outlets in article order), strongest first.

    A phrase used twice by one outlet is listed once (its strongest use); ``limit`` keeps the
    first ``limit`` of each outlet.
    """
    outlet = {a.id: outlet_of(a) for a in articles}
    groups: dict[str, list[LoadedPhrase]] = {outlet_of(a): [] for a in articles}
    for ph in sorted(loaded, key=lambda p: -p.score):
        key = outlet.get(ph.span.article, ph.span.article)
        rows = groups.setdefault(key, [])
        if any(r.text.lower() == ph.text.lower() for r in rows):
            continue
        if limit is None or len(rows) < limit:
            rows.append(ph)
    return [(k, v) for k, v in groups.items() if v]


# ---- word choice, found contrastively ------------------------------------------------------------

WORD = re.compile(r"[A-Za-z][\w'’-]*")
MAX_SWAP_WORDS = 3
MIN_SHARED = 0.5  # two sentences must share at least half their words to compare word choices
FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "this",
        "that",
        "these",
        "those",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "from",
        "by",
        "with",
        "and",
        "or",
        "but",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "it",
        "its",
        "his",
        "her",
        "their",
        "they",
        "he",
        "she",
        "we",
        "i",
        "you",
        "which",
        "who",
        "whom",
        "whose",
        "would",
        "will",
        "could",
        "can",
        "may",
        "might",
        "should",
        "shall",
        "not",
        "no",
        "than",
        "then",
        "there",
        "here",
        "also",
        "very",
    ]
)


@dataclass(frozen=True, slots=True)
class _Swap:
    term: str
    span: Span
    outlet: str


def _same_word(a: str, b: str) -> bool:
    """Inflections of one word ("protest" / "protests", "say" / "said") are no choice."""
    a, b = a.lower(), b.lower()
    if a == b:
        return True
    stem = 0
    while stem < min(len(a), len(b)) and a[stem] == b[stem]:
        stem += 1
    return stem >= 4 and stem >= min(len(a), len(b)) - 3


def _trim(words: Sequence[str], start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` without function words at either edge ("statement also" -> "statement")."""
    while start < end and words[start] in FUNCTION_WORDS:
        start += 1
    while end > start and words[end - 1] in FUNCTION_WORDS:
        end -= 1
    return start, end


def _choice(words: Sequence[re.Match[str]]) -> bool:
    """A run of words that can be a word choice: lower-case content words, no names, no numbers."""
    if not 1 <= len(words) <= MAX_SWAP_WORDS:
        return False
    texts = [w.group(0) for w in words]
    return all(t[0].islower() for t in texts) and any(
        t.lower() not in FUNCTION_WORDS for t in texts
    )


def contrastive_terms(
    analyses: Sequence[Analysis],
    statements: Sequence[Sequence[Span]],
    limit: int = 12,
    regions: Mapping[str, list[tuple[int, int]]] | None = None,
) -> list[FramingTerm]:
    """Word choices: where outlets state the same thing, the words one uses and another replaces.

    ``statements`` are the sentences found to state the same fact across articles. For every two
    of them from different outlets that share most of their words, the runs of up to three
    lower-case content words that one has where the other has different ones ("protesters" /
    "rioters", "said" / "claimed") are a choice between terms for the same referent, unless they
    are inflections of one word or lie inside a quote. Each choice becomes a family of two
    ``FramingTerm`` rows (one per side, with the articles and citations that use it); families are
    ranked by how many sentence pairs show them. ``regions``: :func:`quoted_regions_of` the
    articles, when already found.
    """
    from difflib import SequenceMatcher

    by_id = {an.article.id: an for an in analyses}
    if regions is None:
        regions = quoted_regions_of(analyses)
    found: dict[tuple[tuple[str, str], tuple[str, str]], list[tuple[_Swap, _Swap]]] = {}
    words: dict[Span, list[re.Match[str]]] = {}  # per sentence, its words (read once)
    # per sentence pair, its choices: a pair of sentences in several statements counts in each
    seen: dict[tuple[Span, Span], list[tuple[_Swap, _Swap]]] = {}

    def words_of(an: Analysis, span: Span) -> list[re.Match[str]]:
        got = words.get(span)
        if got is None:
            got = words[span] = list(WORD.finditer(an.article.text, span.start, span.end))
        return got

    def choices_of(aa: Analysis, ab: Analysis, sa: Span, sb: Span) -> list[tuple[_Swap, _Swap]]:
        wa, wb = words_of(aa, sa), words_of(ab, sb)
        la = [w.group(0).lower() for w in wa]
        lb = [w.group(0).lower() for w in wb]
        sm = SequenceMatcher(None, la, lb, autojunk=False)
        # real_quick_ratio() >= quick_ratio() >= ratio(): the cheap bounds first
        if (
            sm.real_quick_ratio() < MIN_SHARED
            or sm.quick_ratio() < MIN_SHARED
            or sm.ratio() < MIN_SHARED
        ):
            return []
        out: list[tuple[_Swap, _Swap]] = []
        for op, a0, a1, b0, b1 in sm.get_opcodes():
            if op != "replace":
                continue
            a0, a1 = _trim(la, a0, a1)
            b0, b1 = _trim(lb, b0, b1)
            if not (_choice(wa[a0:a1]) and _choice(wb[b0:b1])):
                continue
            ta, tb = " ".join(la[a0:a1]), " ".join(lb[b0:b1])
            if _same_word(ta, tb):
                continue
            pa = Span(sa.article, wa[a0].start(), wa[a1 - 1].end())
            pb = Span(sb.article, wb[b0].start(), wb[b1 - 1].end())
            if any(s <= p.start < e for p in (pa, pb) for s, e in regions[p.article]):
                continue
            xa = _Swap(ta, pa, outlet_of(aa.article))
            xb = _Swap(tb, pb, outlet_of(ab.article))
            out.append((xb, xa) if (xb.outlet, tb) < (xa.outlet, ta) else (xa, xb))
        return out

    for spans in statements:
        for i, sa in enumerate(spans):
            for sb in spans[i + 1 :]:
                aa, ab = by_id.get(sa.article), by_id.get(sb.article)
                if aa is None or ab is None or outlet_of(aa.article) == outlet_of(ab.article):
                    continue
                got = seen.get((sa, sb))
                if got is None:
                    got = seen[(sa, sb)] = choices_of(aa, ab, sa, sb)
                for xa, xb in got:
                    found.setdefault(((xa.outlet, xa.term), (xb.outlet, xb.term)), []).append(
                        (xa, xb)
                    )
    ranked = sorted(found.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:limit]
    out: list[FramingTerm] = []
    for ((_, ta), (_, tb)), pairs in ranked:
        family = f"word choice: “{ta}” / “{tb}”"
        for side in (0, 1):
            swaps = [p[side] for p in pairs]
            arts = tuple(dict.fromkeys(s.span.article for s in swaps))
            cites = tuple(dict.fromkeys(s.span for s in swaps))
            out.append(FramingTerm(swaps[0].term, arts, (), family, cites))
    return out
