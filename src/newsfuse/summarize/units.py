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

from newsfuse.model import Analysis, Span

_TERMINAL = re.compile(r"[.!?][\"'”’)\]]*$")
# a sentence ending in a title abbreviation was cut by the splitter ("... said Sgt." + "Hoyt ...")
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
    from newsfuse.summarize.filters import is_credit, is_dangling, is_noise

    units: list[Unit] = []
    for d, analysis in enumerate(analyses):
        art = analysis.article
        group = (groups or {}).get(art.id) or art.wire or art.source or art.id
        kept: list[tuple[Span, str, tuple[str, ...], bool]] = []
        previous: tuple[Span, str, tuple[str, ...]] | None = None  # the last sentence, if kept
        cut = False  # the previous sentence ended in a title abbreviation
        for i, sent in enumerate(analysis.sentences):
            was_cut, cut = cut, bool(_CUT_AFTER.search(sent.text.strip()))
            if clean and (cut or was_cut):  # both halves of a wrongly split sentence
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
            lemmas = analysis.lemmas[i] if i < len(analysis.lemmas) else word_lemmas(sent.text)
            s, e = _strip_span(art.text, sent.span.start, sent.span.end)
            if e <= s:
                continue
            whole = art.text[s:e]
            if clean:
                s, e = _best_piece(art.text, s, e)
                s = _skip_stray_quote(art.text, s, e)
                lemmas = _piece_lemmas(lemmas, art.text[s:e], whole)
            text = " ".join(art.text[s:e].split())
            item = (Span(art.id, s, e), text, tuple(lemmas))
            if not clean:
                kept.append((*item, False))
                continue
            if not is_noise(text):
                kept.append((*item, False))
                previous = item
                continue
            if (
                previous is not None
                and s == _next_start(art.text, previous[0].end)
                and (is_dangling(text) and not is_noise(text, allow_dangling=True))
            ):
                span = Span(art.id, previous[0].start, e)
                kept.append((span, f"{previous[1]} {text}", previous[2] + item[2], True))
            previous = None
        n = sum(1 for k in kept if not k[3])
        pos = -1
        for span, text, lemmas, pair in kept:
            pos += 0 if pair else 1  # a pair ranks where its first sentence does
            units.append(Unit(span, text, lemmas, d, max(pos, 0), n, group, art.published, pair))
    return units


def _skip_stray_quote(text: str, start: int, end: int) -> int:
    """Skip a closing quote mark left at the start of a sentence by the sentence splitter."""
    if end - start > 2 and text[start] in '"”' and text[start + 1].isspace():
        return _next_start(text, start + 1)
    return start


def _next_start(text: str, end: int) -> int:
    """Where the next sentence starts after offset ``end`` (skipping whitespace only)."""
    while end < len(text) and text[end].isspace():
        end += 1
    return end
