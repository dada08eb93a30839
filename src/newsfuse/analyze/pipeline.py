"""Per-article analysis: one spaCy pass, then the extractors over the parsed document.

``analyze_many`` is the per-article stage: a pure function of (article, pipeline) that an executor
may shard. It yields one :class:`~newsfuse.model.Analysis` per article, in input order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from newsfuse.model import Analysis, Article, Mention, Sentence, Span, Tense

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

# spaCy labels kept as named entities (numbers, dates and amounts have their own extractors)
ENTITY_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART"}
)
CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM", "ADV"})


def sentence_tense(sent: SpacySpan) -> Tense:
    """The tense of a sentence's main verb: "past", "future" or "present"."""
    root = sent.root
    for tok in [root, *root.children]:
        if tok.lower_ in {"will", "'ll", "shall"} or (tok.lower_ == "going" and tok.dep_ == "aux"):
            return "future"
    if "Past" in root.morph.get("Tense", None) or any(
        "Past" in c.morph.get("Tense", None) for c in root.children if c.dep_ in {"aux", "auxpass"}
    ):
        return "past"
    return "present"


CLOSING_QUOTES = "\"”’'"
# a blank line, or a line break after a sentence end or before a capital or a quote mark
PARA_BREAK = re.compile(r"\n\s*\n|(?<=[.!?:\"”’'])[ \t]*\n\s*|[ \t]*\n\s*(?=[A-Z\"“‘'])")


def sentence_bounds(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Tidy the parser's sentence spans.

    A closing quote mark that the parser put at the start of the next sentence goes back to the
    sentence it closes; a span that crosses a paragraph break is split there; spans carry no
    surrounding white space and empty ones are dropped.
    """
    pieces: list[tuple[int, int]] = []
    for a, b in spans:
        start = a
        for m in PARA_BREAK.finditer(text[a:b]):
            pieces.append((start, a + m.start()))
            start = a + m.end()
        pieces.append((start, b))
    out: list[tuple[int, int]] = []
    for a, b in pieces:
        while a < b and (
            text[a].isspace()
            or (text[a] in CLOSING_QUOTES and out and (a + 1 >= b or text[a + 1].isspace()))
        ):
            if text[a] in CLOSING_QUOTES:
                out[-1] = (out[-1][0], a + 1)
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            out.append((a, b))
    return out


def content_lemmas(sent: SpacySpan) -> tuple[str, ...]:
    """Lowercased lemmas of the content words of a sentence (no stop words, no punctuation)."""
    return tuple(
        t.lemma_.lower()
        for t in sent
        if t.pos_ in CONTENT_POS and not t.is_stop and not t.is_punct and t.lemma_.strip()
    )


# verbs that report or frame what happened rather than say it
NOT_EVENTS = frozenset(
    [
        "say",
        "tell",
        "add",
        "note",
        "state",
        "report",
        "claim",
        "accord",
        "quote",
        "write",
        "ask",
        "explain",
        "describe",
        "believe",
        "think",
        "know",
        "see",
        "seem",
        "appear",
        "become",
        "be",
        "have",
        "do",
        "make",
        "get",
        "go",
        "come",
        "take",
        "give",
    ]
)

# adverbs and prepositions that change what a verb means ("check out" is not "check in")
PARTICLES = frozenset(["out", "off", "up", "down", "in", "into", "over", "away", "back"])


def event_words(sent: SpacySpan) -> list[tuple[Token, str]]:
    """What happens in a sentence: its verbs and its root when that is a noun (a headline's
    "jewellery heist"), reporting verbs left out, each with its lemma (and particle, "check
    out"); one token per lemma, the first."""
    out: dict[str, Token] = {}
    for t in sent:
        if t.pos_ == "VERB" or (t.dep_ == "ROOT" and t.pos_ in {"NOUN", "PROPN"}):
            lemma = t.lemma_.lower()
            if not lemma.isalpha() or lemma in NOT_EVENTS:
                continue
            prt = [
                c.lower_
                for c in t.children
                if c.dep_ == "prt" or (c.dep_ in {"prep", "advmod"} and c.lower_ in PARTICLES)
            ]
            out.setdefault(" ".join([lemma, *prt]), t)
    return [(t, lemma) for lemma, t in out.items()]


def event_lemmas(sent: SpacySpan) -> tuple[str, ...]:
    """The lemmas of :func:`event_words`, in text order."""
    return tuple(lemma for _, lemma in event_words(sent))


def analyze_doc(article: Article, doc: Doc, *, story: bool = True) -> Analysis:
    """Build the Analysis of ``article`` from its parsed text ``doc``.

    ``story=False`` leaves out what only the story-level stages read (the sentences' lemmas,
    tenses, event words, pronoun subjects and arguments: their fields stay empty); the other
    fields are the same as with ``story=True``. ``newsfuse analyze`` prints none of them."""
    from newsfuse.analyze import extractors

    aid = article.id
    bounds = split_runons(
        doc, sentence_bounds(article.text, [(s.start_char, s.end_char) for s in doc.sents])
    )
    sentences = tuple(Sentence(Span(aid, a, b), article.text[a:b]) for a, b in bounds)
    mentions = tuple(
        Mention(Span(aid, e.start_char, e.end_char), e.text, e.label_)
        for e in doc.ents
        if e.label_ in ENTITY_LABELS
    )
    quotes = tuple(extractors.quotes(doc, article))
    analysis = Analysis(
        article=article,
        sentences=sentences,
        mentions=mentions,
        quotes=quotes,
        timexes=tuple(extractors.timexes(doc, article)),
        amounts=tuple(extractors.amounts(doc, article)),
        loaded=tuple(extractors.loaded(doc, article, quotes)),
    )
    return _with_story_fields(analysis, doc, bounds) if story else analysis


def _with_story_fields(analysis: Analysis, doc: Doc, bounds: list[tuple[int, int]]) -> Analysis:
    """``analysis`` with the records only the story-level stages read: per sentence its content
    lemmas, tense and event words; the pronoun subjects; the event words' arguments."""
    from newsfuse.analyze.arguments import sentence_arguments
    from newsfuse.analyze.standalone import pronoun_subjects

    aid = analysis.article.id
    sents = [doc.char_span(a, b, alignment_mode="expand") for a, b in bounds]
    words = [event_words(s) if s is not None else [] for s in sents]
    return replace(
        analysis,
        lemmas=tuple(content_lemmas(s) if s is not None else () for s in sents),
        tenses=tuple(sentence_tense(s) if s is not None else "present" for s in sents),
        events=tuple(tuple(lemma for _, lemma in w) for w in words),
        subjects=pronoun_subjects(doc, bounds, aid),
        arguments=tuple(
            a
            for i, (s, w) in enumerate(zip(sents, words, strict=True))
            if s is not None
            for a in sentence_arguments(s, i, aid, w)
        ),
    )


def split_runons(doc: Doc, bounds: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``bounds`` with each sentence cut where a full stop was lost
    (:func:`newsfuse.analyze.standalone.hidden_boundaries`)."""
    from newsfuse.analyze.standalone import hidden_boundaries

    out: list[tuple[int, int]] = []
    text = doc.text
    for a, b in bounds:
        for cut in hidden_boundaries(doc, a, b):
            end = cut
            while end > a and text[end - 1].isspace():
                end -= 1
            out.append((a, end))
            a = cut
        out.append((a, b))
    return out


#: the longest piece of text given to the parser at once: spaCy refuses texts over
#: ``nlp.max_length`` (1,000,000 characters) and needs about 1 GB per 100,000 characters parsed
#: at once, so a long text is parsed in pieces of at most this many characters
PIECE_CHARS = 100_000
# where a long text may be cut, best first: a blank line, a line break, a sentence end, a space
_CUTS = (re.compile(r"\n[ \t]*\n\s*"), re.compile(r"\n\s*"), re.compile(r"[.!?][\"”’']?\s+"))
_SPACE = re.compile(r"\s+")


def text_pieces(text: str, limit: int = PIECE_CHARS) -> list[str]:
    """``text`` cut into consecutive pieces of at most ``limit`` characters whose concatenation
    is ``text`` exactly, each cut at the last paragraph break before the limit (else line
    break, sentence end, space; a text without any is cut at the limit)."""
    if limit < 1:
        raise ValueError("limit must be positive")
    pieces: list[str] = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = 0
        for pattern in (*_CUTS, _SPACE):
            ends = [m.end() for m in pattern.finditer(window, limit // 2)]
            ends = [e for e in ends if e < len(window)] or ends
            if ends:
                cut = ends[-1]
                break
        if cut <= 0:
            cut = limit
        pieces.append(text[start : start + cut])
        start += cut
    pieces.append(text[start:])
    return pieces


def parse(nlp: Language, text: str, *, limit: int = PIECE_CHARS) -> Doc:
    """The parsed ``text``; a text over ``limit`` characters is parsed piece by piece
    (:func:`text_pieces`) and the pieces joined into one Doc whose character offsets are those
    of ``text`` (no sentence spans a cut)."""
    return next(parse_many(nlp, [text], limit=limit))


def parse_many(
    nlp: Language, texts: Iterable[str], *, batch_size: int = 16, limit: int = PIECE_CHARS
) -> Iterator[Doc]:
    """Parsed ``texts`` in order (``nlp.pipe`` batches the short ones; see :func:`parse`)."""
    from spacy.tokens import Doc

    def pieces() -> Iterator[tuple[int, str]]:
        for i, text in enumerate(texts):
            parts = text_pieces(text, limit) if len(text) > limit else [text]
            for k, part in enumerate(parts):
                yield (i if k == len(parts) - 1 else -1), part

    tagged = pieces()
    order: list[int] = []

    def texts_only() -> Iterator[str]:
        for last, part in tagged:
            order.append(last)
            yield part

    held: list[Doc] = []
    for n, doc in enumerate(nlp.pipe(texts_only(), batch_size=batch_size)):
        held.append(doc)
        if order[n] >= 0:  # the last piece of a text
            yield held[0] if len(held) == 1 else Doc.from_docs(held, ensure_whitespace=False)
            held = []


def analyze_many(
    articles: Iterable[Article], nlp: Language, *, batch_size: int = 16, story: bool = True
) -> Iterator[Analysis]:
    """Analyze articles in order with one loaded pipeline (``nlp.pipe`` batches the parsing;
    long texts are parsed in pieces, see :func:`parse`; ``story``: see :func:`analyze_doc`)."""
    items = list(articles)
    docs = parse_many(nlp, (a.text for a in items), batch_size=batch_size)
    for article, doc in zip(items, docs, strict=True):
        yield analyze_doc(article, doc, story=story)


def analyze(article: Article, nlp: Language) -> Analysis:
    """Analyze one article."""
    return analyze_doc(article, parse(nlp, article.text))
