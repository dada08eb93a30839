"""The typed data model shared by every stage.

Every extracted item points back into the *cleaned* text of the article it came from through a
:class:`Span` (article id, start, end), so that ``article.text[span.start:span.end]`` is exactly the
evidence for it. Records are frozen dataclasses; stages build new records instead of mutating.
This module imports nothing else from the project.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Literal, get_args

# the small vocabularies the records keep as strings (so the JSON is unchanged), checked by mypy
Stage = Literal[
    "read", "clean", "fetch", "prepare", "analyze", "store"
]  # where an input was rejected
TimexType = Literal["DATE", "TIME", "DURATION", "SET"]  # TIMEX3 types
Tense = Literal["past", "present", "future"]  # of a sentence's main verb
DiscrepancyKind = Literal["number", "date", "name", "dateline"]
# what an argument of an event word is: who did it, to whom or what, where, when
ArgRole = Literal["agent", "patient", "place", "time"]
STAGES: tuple[Stage, ...] = get_args(Stage)
TIMEX_TYPES: tuple[TimexType, ...] = get_args(TimexType)
TENSES: tuple[Tense, ...] = get_args(Tense)


@dataclass(frozen=True, slots=True)
class Span:
    """A character range ``[start, end)`` in the cleaned text of one article."""

    article: str
    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"bad span {self.article}:{self.start}-{self.end}")

    def to_dict(self) -> dict[str, object]:
        return {"article": self.article, "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class Removed:
    """One line the cleaner removed from the raw text, and why (ftfy-style: say what changed)."""

    line: str
    reason: str


@dataclass(frozen=True, slots=True)
class Reject:
    """An input that could not be used: where it came from, at which stage, why, and details."""

    source: str
    stage: Stage
    reason: str
    detail: str = ""
    code: str = ""

    def message(self) -> str:
        """One line: control characters in the source and detail (a file name may hold a line
        break) are shown escaped, so a name can never forge a line of its own."""
        code = f"[{self.code}] " if self.code else ""
        detail = f": {_escaped(self.detail)}" if self.detail else ""
        return f"{code}{_escaped(self.source)}: {self.reason}{detail}"


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def _escaped(text: str) -> str:
    """``text`` with control characters (and lone surrogates) written as ``\\n``, ``\\x1b``..."""
    return _CONTROL.sub(
        lambda m: m.group().encode("unicode_escape", "backslashreplace").decode("ascii"), text
    )


@dataclass(frozen=True, slots=True)
class Article:
    """One article. ``text`` is the cleaned body that every Span indexes into.

    ``raw`` keeps the text as read (before cleaning); ``removed`` lists what cleaning dropped.
    ``source_method`` / ``date_method`` say how the outlet and the date were decided.
    ``wire`` names a wire service the article is a copy of or credits (e.g. "Kyodo").
    """

    id: str
    text: str
    source: str | None = None
    title: str | None = None
    url: str | None = None
    published: date | None = None
    path: str | None = None
    raw: str | None = None
    removed: tuple[Removed, ...] = ()
    source_method: str = ""
    date_method: str = ""
    wire: str | None = None
    wire_method: str = ""
    # the partial date found in the text when the year is unknown, as TIMEX3 ("XXXX-02-22")
    published_partial: str | None = None
    # outlets or wire services the text credits ("according to Kyodo News", "Reuters reports")
    credits: tuple[str, ...] = ()
    # the format it was read from: "text", "html", "jsonl", "feed", "warc"
    format: str = "text"
    # the language detected at read (ISO 639-1, e.g. "en"), None when not detected
    language: str | None = None
    # numbered notes on what reading changed or decided ("[NF114] 1 invalid character ...")
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Sentence:
    span: Span
    text: str


@dataclass(frozen=True, slots=True)
class Mention:
    """A named-entity mention. ``label`` uses spaCy's scheme (PERSON, ORG, GPE, LOC, NORP, ...)."""

    span: Span
    text: str
    label: str
    canonical: str | None = None  # filled in by cross-document entity merging


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct or indirect quote with its speaker and cue verb.

    ``speaker`` is the speaker as written near the quote (possibly a pronoun resolved to a name);
    ``speaker_span`` points at the words naming the speaker when they are in the text.
    """

    span: Span
    text: str
    speaker: str | None
    speaker_span: Span | None
    cue: str | None
    cue_span: Span | None
    direct: bool


@dataclass(frozen=True, slots=True)
class Timex:
    """A time expression with a TIMEX3-style value.

    ``type`` is DATE, TIME, DURATION or SET; ``value`` e.g. ``2022-02-26``, ``2022-02``, ``2022-W08``,
    ``2022-02-25TNI`` (Friday night), ``PT25M`` (25 minutes; TIMEX3 puts a ``T`` before time units).
    ``anchor`` is the reference date used to resolve a relative expression, if any.
    """

    span: Span
    text: str
    type: TimexType
    value: str | None
    anchor: date | None = None
    relative: bool = False


@dataclass(frozen=True, slots=True)
class Amount:
    """A number with its unit and, where found, what it counts ("25 minutes", "three banks")."""

    span: Span
    text: str
    value: float
    unit: str | None
    counts: str | None = None


@dataclass(frozen=True, slots=True)
class LoadedPhrase:
    """A word or phrase an article uses in its own voice that carries judgment (loaded language).

    ``score`` is the model's confidence (0..1); ``polarity`` is "pos", "neg" or "" (unknown);
    ``target`` names the entity it is aimed at when the dependency parse says so.
    """

    span: Span
    text: str
    score: float
    polarity: str = ""
    target: str | None = None
    target_span: Span | None = None


@dataclass(frozen=True, slots=True)
class PronounSubject:
    """A sentence whose main clause's subject is a personal pronoun ("He stated: ...").

    ``name`` is what the pronoun stands for when the sentence before names it
    (``analyze/standalone.py``), else None: such a sentence does not stand alone.
    """

    sentence: int  # index into Analysis.sentences
    span: Span  # the pronoun
    text: str
    name: str | None


@dataclass(frozen=True, slots=True)
class Argument:
    """An argument of an event word of a sentence (``Analysis.events``), read off the parse:
    its subject (``agent``; the "by" phrase of a passive), its object or passive subject
    (``patient``; "of" after an event noun), a place ("in", "at", "near" a place) or a date or
    time phrase attached to it (``time``). ``span`` covers the argument's head word."""

    sentence: int  # index into Analysis.sentences
    event: str  # the event word's lemma, as in Analysis.events
    role: ArgRole
    head: str  # the head word's lemma, lowercased
    span: Span


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything the per-article analysis stage extracts from one article."""

    article: Article
    sentences: tuple[Sentence, ...]
    mentions: tuple[Mention, ...] = ()
    quotes: tuple[Quote, ...] = ()
    timexes: tuple[Timex, ...] = ()
    amounts: tuple[Amount, ...] = ()
    # per sentence index: lemmas of content words, used by the cross-article stages
    lemmas: tuple[tuple[str, ...], ...] = ()
    # per sentence index: "past", "present" or "future" (main verb tense), for date resolution
    tenses: tuple[Tense, ...] = ()
    # per sentence index: what happens in it, the lemmas of its event words (verbs with their
    # particle, "check out"; a noun heading the sentence, "heist"), reporting verbs left out
    events: tuple[tuple[str, ...], ...] = ()
    # loaded words and phrases in the article's own voice (analyze/loaded.py), in text order
    loaded: tuple[LoadedPhrase, ...] = ()
    # sentences with a pronoun subject, resolved where the sentence before allows
    subjects: tuple[PronounSubject, ...] = ()
    # the arguments of the sentences' event words (who, to whom, where, when), in text order
    arguments: tuple[Argument, ...] = ()


# ---- cross-article records -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Entity:
    """One real-world entity after merging mentions across articles and spellings."""

    name: str
    type: str
    variants: tuple[str, ...]
    articles: tuple[str, ...]
    mentions: tuple[Span, ...]
    titles: tuple[str, ...] = ()
    variant_articles: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True, slots=True)
class Fact:
    """A statement made by one or more articles; ``citations`` are the supporting sentences."""

    text: str
    articles: tuple[str, ...]
    independent_sources: int
    citations: tuple[Span, ...]
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DiscrepancyValue:
    value: str
    articles: tuple[str, ...]
    citations: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class Discrepancy:
    kind: DiscrepancyKind
    description: str
    values: tuple[DiscrepancyValue, ...]


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One event on one date, as every article that reports it tells it: ``event`` is the text
    of the first citation's sentence; ``independent_sources`` counts a wire copy and its
    outlet's other articles once (``crosscheck.independence``); ``day_score`` is the learned
    date ranking's log-odds that a journalist's timeline keeps the entry's day
    (``crosscheck.dates_model``), None for a month, a year or a week (and without a usable model
    file)."""

    date: str  # TIMEX3 value
    event: str
    citations: tuple[Span, ...]
    articles: tuple[str, ...] = ()
    independent_sources: int = 1
    day_score: float | None = None


@dataclass(frozen=True, slots=True)
class QuoteGroup:
    """The same quote (or near-same) as reported by one or more articles."""

    speaker: str | None
    text: str
    cue: str | None
    direct: bool
    citations: tuple[Span, ...]
    articles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FramingTerm:
    term: str
    articles: tuple[str, ...]  # articles that use the term in their own voice
    quoted_in: tuple[str, ...]  # articles that use it only inside a quote
    family: str = ""
    citations: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class Coverage:
    article: str
    unique_facts: tuple[str, ...]
    missing_facts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SummarySentence:
    text: str
    citations: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class Briefing:
    headline: str
    articles: tuple[Article, ...]
    summary: tuple[SummarySentence, ...] = ()
    facts: tuple[Fact, ...] = ()
    timeline: tuple[TimelineEntry, ...] = ()
    entities: tuple[Entity, ...] = ()
    quotes: tuple[QuoteGroup, ...] = ()
    discrepancies: tuple[Discrepancy, ...] = ()
    framing: tuple[FramingTerm, ...] = ()
    coverage: tuple[Coverage, ...] = ()
    # every loaded phrase in an article's own voice, article by article, in text order
    loaded: tuple[LoadedPhrase, ...] = ()
    rejects: tuple[Reject, ...] = ()
    id: str | None = None
    stats: dict[str, float] = field(default_factory=dict, compare=False)
