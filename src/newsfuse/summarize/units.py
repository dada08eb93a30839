"""Candidate units: the sentences a summarizer may pick, each tied to its evidence span.

A :class:`Unit` is one sentence of one article, trimmed of surrounding whitespace, with the
content lemmas the analysis stage computed for it. ``build_units`` makes them from
:class:`~newsfuse.model.Analysis` records; with ``clean=True`` it also cuts layout debris off
sentences that swallowed a caption or heading line (keeping the part that is a sentence) and
drops the sentences :mod:`newsfuse.summarize.filters` calls noise.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from newsfuse.model import Analysis, Sentence, Span

_TERMINAL = re.compile(r"[.!?][\"'”’)\]]*$")
# a sentence ending in a title abbreviation was cut by the splitter ("... said Sgt." + "Hoyt ...")
JOIN_MAX_SENTENCES = 4
JOIN_MAX_WORDS = 80
_CUT_AFTER = re.compile(
    r"\b(Sgt|Gov|Sen|Rep|Dr|Mr|Mrs|Ms|Lt|Col|Gen|Capt|Cpl|Det|Insp|Supt|Prof|Rev|Hon|Pres|Adm"
    r"|Maj|Atty|Cmdr|Gens|Sens|Reps)\.$"
)


@dataclass(frozen=True, slots=True)
class Unit:
    """One candidate sentence.

    ``doc`` is the index of its article in the input, ``pos`` its rank among the article's
    candidate sentences (0 = lead) and ``n_doc`` how many candidates that article has.
    ``group`` is the article's independence group (outlet or wire service).
    A sentence that opens with a pronoun or connective ("He said ...", "But ...") is only a
    candidate together with the sentence before it: such a unit spans both and ``pair`` is True.
    """

    span: Span
    text: str
    lemmas: tuple[str, ...]
    doc: int
    pos: int
    n_doc: int
    group: str
    published: date | None = None
    pair: bool = False
    selectable: bool = True  # False: evidence for concept weights, never a summary sentence

    @property
    def words(self) -> int:
        """Length in whitespace-separated words (the unit the budget counts)."""
        return len(self.text.split())


def word_count(text: str) -> int:
    """Number of whitespace-separated words in ``text``."""
    return len(text.split())


def word_lemmas(text: str) -> tuple[str, ...]:
    """Crude stand-in for content lemmas: lowercased, de-pluralised words minus function words."""
    from newsfuse.summarize.concepts import STOP_WORDS, TOKEN, normalize_word

    words = (normalize_word(w) for w in TOKEN.findall(text))
    return tuple(w for w in words if w not in STOP_WORDS)


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Narrow ``[start, end)`` of ``text`` so it neither starts nor ends with whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _best_piece(text: str, start: int, end: int) -> tuple[int, int]:
    """Within a sentence spanning line breaks, the span of the line(s) that form a sentence.

    Scraped pages glue headings, captions and datelines onto the next sentence. We keep the
    last run of text after a line break when the text before it does not end a sentence.
    """
    chunk = text[start:end]
    if "\n" not in chunk:
        return start, end
    best = (start, end)
    offset = 0
    pieces = []
    for line in chunk.split("\n"):
        pieces.append((start + offset, start + offset + len(line)))
        offset += len(line) + 1
    # keep the longest piece that ends like a sentence; ties go to the later piece
    scored = []
    for ps, pe in pieces:
        ps, pe = _strip_span(text, ps, pe)
        if pe > ps:
            scored.append((_TERMINAL.search(text[ps:pe]) is not None, pe - ps, ps, pe))
    if scored:
        _, _, bs, be = max(scored)
        best = (bs, be)
    return best


def _piece_lemmas(lemmas: Sequence[str], kept: str, whole: str) -> tuple[str, ...]:
    """The lemmas of ``whole`` that plausibly belong to its kept part ``kept``."""
    if kept == whole:
        return tuple(lemmas)
    low_kept = kept.lower()
    low_rest = whole.lower().replace(low_kept, " ")
    out = []
    for lem in lemmas:
        stem = lem[:4]
        if stem in low_kept or stem not in low_rest:
            out.append(lem)
    return tuple(out)


def build_units(
    analyses: Sequence[Analysis],
    groups: Mapping[str, str] | None = None,
    *,
    clean: bool = True,
) -> list[Unit]:
    """All candidate sentences of ``analyses`` in input order (article, then position).

    ``clean`` trims layout debris and drops noise sentences (see module docstring); without it
    every non-empty sentence is a unit, as the plain baselines expect.
    """
    from newsfuse.summarize.filters import (
        is_credit,
        is_dangling,
        is_noise,
        is_speakerless_quote,
    )

    units: list[Unit] = []
    for d, analysis in enumerate(analyses):
        art = analysis.article
        group = (groups or {}).get(art.id) or art.wire or art.source or art.id
        kept: list[tuple[Span, str, tuple[str, ...], bool, bool]] = []
        previous: tuple[Span, str, tuple[str, ...]] | None = None  # the last sentence, if kept
        cut = False  # the previous sentence ended in a title abbreviation
        pieces = _joined(art.text, analysis) if clean else _as_is(analysis)
        for sent, sent_lemmas in pieces:
            was_cut, cut = cut, bool(_CUT_AFTER.search(sent.text.strip()))
            if clean and (cut or was_cut):  # a wrongly split sentence that could not be joined
                previous = None
                continue
            lines = sent.text.strip().split("\n")
            if clean and is_credit(lines[0].strip()):
                if kept and previous is not None and kept[-1][0] == previous[0]:
                    kept.pop()  # the sentence before a photo credit is its caption
                previous = None
                if len(lines) == 1:
                    continue
            # an analysis without lemmas falls back to normalised content words
            lemmas = sent_lemmas
            s, e = _strip_span(art.text, sent.span.start, sent.span.end)
            if e <= s:
                continue
            whole = art.text[s:e]
            if clean:
                s, e = _best_piece(art.text, s, e)
                s = _skip_stray_quote(art.text, s, e)
                s = _skip_player_button(art.text, s, e)
                lemmas = _piece_lemmas(lemmas, art.text[s:e], whole)
            text = " ".join(art.text[s:e].split())
            item = (Span(art.id, s, e), text, tuple(lemmas))
            if not clean:
                kept.append((*item, False, True))
                continue
            if not is_noise(text):
                kept.append((*item, False, True))
                previous = item
                continue
            if not is_noise(text, allow_speakerless=True):  # a quote whose speaker is elsewhere
                kept.append((*item, False, False))
                previous = item
                continue
            if (
                previous is not None
                and s == _next_start(art.text, previous[0].end)
                and (
                    is_dangling(text)
                    and not is_noise(text, allow_dangling=True, allow_speakerless=True)
                )
            ):
                span = Span(art.id, previous[0].start, e)
                joined = f"{previous[1]} {text}"
                ok = not is_speakerless_quote(joined)
                kept.append((span, joined, previous[2] + item[2], True, ok))
            previous = None
        n = sum(1 for k in kept if not k[3])
        pos = -1
        for span, text, lemmas, pair, ok in kept:
            pos += 0 if pair else 1  # a pair ranks where its first sentence does
            units.append(
                Unit(span, text, lemmas, d, max(pos, 0), n, group, art.published, pair, ok)
            )
    return units


def _as_is(analysis: Analysis) -> list[tuple[Sentence, tuple[str, ...]]]:
    """The analysis's sentences with their content lemmas (word lemmas when missing)."""
    out = []
    for i, sent in enumerate(analysis.sentences):
        lemmas = analysis.lemmas[i] if i < len(analysis.lemmas) else word_lemmas(sent.text)
        out.append((sent, tuple(lemmas)))
    return out


def _joined(text: str, analysis: Analysis) -> list[tuple[Sentence, tuple[str, ...]]]:
    """Sentences with the splitter's wrong cuts undone, each with its content lemmas.

    The sentence splitter cuts inside quotations ('"We will fight. We will win," he said.'
    becomes two halves with one quote mark each) and after title abbreviations ("... said Sgt."
    + "Hoyt ..."). Such a sentence is joined with the ones after it, within its paragraph, until
    its quote marks pair up and it no longer ends in a title abbreviation (at most
    ``JOIN_MAX_SENTENCES`` sentences and ``JOIN_MAX_WORDS`` words; otherwise it stays as it was
    and the noise filter judges it).
    """
    items = _as_is(analysis)
    out: list[tuple[Sentence, tuple[str, ...]]] = []
    i = 0
    while i < len(items):
        sent, lemmas = items[i]
        j = i
        while _needs_join(text[sent.span.start : sent.span.end]) and j + 1 < len(items):
            nxt, nxt_lemmas = items[j + 1]
            between = text[sent.span.end : nxt.span.start]
            span = Span(sent.span.article, sent.span.start, nxt.span.end)
            joined = text[span.start : span.end]
            if "\n" in between or j + 1 - i >= JOIN_MAX_SENTENCES:
                break
            if len(joined.split()) > JOIN_MAX_WORDS:
                break
            sent, lemmas, j = Sentence(span, joined), lemmas + nxt_lemmas, j + 1
        if j > i and _needs_join(sent.text):  # still unbalanced: keep the pieces as they were
            out.extend(items[i : j + 1])
        else:
            out.append((sent, lemmas))
        i = j + 1
    return out


def _needs_join(sentence: str) -> bool:
    """An odd number of double quote marks, or a trailing title abbreviation."""
    stripped = sentence.strip()
    n_quotes = sum(stripped.count(q) for q in '"“”')
    return n_quotes % 2 == 1 or _CUT_AFTER.search(stripped) is not None


def _skip_stray_quote(text: str, start: int, end: int) -> int:
    """Skip a closing quote mark left at the start of a sentence by the sentence splitter."""
    if end - start > 2 and text[start] in '"”' and text[start + 1].isspace():
        return _next_start(text, start + 1)
    return start


# a video player's buttons before the video's description ("CLOSE Kevin Spacey was accused ...",
# "EMBED More News Videos A 38-year-old man was killed ...")
_PLAYER_BUTTON = re.compile(
    r"(?:CLOSE\s+(?:Skip in Skip x Embed x Share\s+)?|EMBED More News Videos\s+)(?=[A-Z\"“])"
)


def _skip_player_button(text: str, start: int, end: int) -> int:
    """Skip the "CLOSE" (or "EMBED More News Videos") of a video player glued before a
    sentence."""
    m = _PLAYER_BUTTON.match(text, start, end)
    return m.end() if m else start


def _next_start(text: str, end: int) -> int:
    """Where the next sentence starts after offset ``end`` (skipping whitespace only)."""
    while end < len(text) and text[end].isspace():
        end += 1
    return end
