"""The tuned parameters of the stages, declared once each with default and help.

Each group is a frozen dataclass whose fields are made with :func:`knob`; the settings table
(:mod:`newsfuse.config`) holds one of each as a section (``[summary]``, ``[fetch]``, ...), and the
stages import their parameter class from here. The values were tuned on the data named in each
class's docstring; changing one changes the measured figures of docs/EVAL.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


def knob(default: Any, help: str) -> Any:  # noqa: A002 - datasette's name
    """A field of the settings table: its default and one line of help."""
    return field(default=default, metadata={"help": help})


def section(cls: type, help: str, *, fixed: bool = False) -> Any:  # noqa: A002
    """A group of settings (a frozen dataclass of knobs), written ``[name]`` in TOML.

    ``fixed``: listed and documented, but not settable from a file or the environment (the stage
    does not take the group from the settings yet; Python callers pass it directly)."""
    return field(default_factory=cls, metadata={"help": help, "section": True, "fixed": fixed})


@dataclass(frozen=True, slots=True)
class HtmlOptions:
    """trafilatura settings used by :func:`newsfuse.ingest.html.read_html` (measured on the
    extraction benchmark).

    The body is first extracted favouring precision; a body shorter than ``retry_below``
    characters is suspect (precision mode sometimes keeps only a fragment), so the page is
    extracted again with the default balance and the longer body wins.
    """

    favor_precision: bool = knob(True, "Extract the body favouring precision first.")
    retry_below: int = knob(500, "A body shorter than this (characters) is extracted again.")
    include_tables: bool = knob(True, "Keep tables in the body.")
    with_date: bool = knob(True, "Read the publication date with htmldate.")


@dataclass(frozen=True, slots=True)
class BodyWeights:
    """Block weights of the body search in plain text (tuned on the flattened extraction
    benchmark, ``newsfuse eval extract``)."""

    furniture: float = knob(-8.0, "A furniture line in or near the body (advert, credit, widget).")
    end: float = knob(-60.0, "A line that ends an article (copyright, comments, survey, tags).")
    related: float = knob(-30.0, "A 'Related' heading: often a box inside the article.")
    dateline: float = knob(-40.0, "A date line: the body starts after it.")
    neutral: float = knob(-1.0, "Separators and bare links.")
    short_base: float = knob(-3.0, "Any other non-prose line: short_base + short_slope * words.")
    short_slope: float = knob(-0.5, "Per-word slope of a non-prose line's weight.")
    short_cap: int = knob(8, "Words beyond this do not make a non-prose line weigh less.")
    long_min: int = knob(12, "A non-prose line this long, not in title case, is likely content.")
    long_factor: float = knob(0.3, "Such a long line weighs long_factor * words.")
    short_sentence: float = knob(0.5, "A short full sentence weighs short_sentence * words.")
    lead_share: float = knob(0.7, "An earlier body candidate wins with this share of the best.")
    isolated: float = knob(0.5, "A teaser weighs isolated * words - isolated_penalty.")
    isolated_penalty: float = knob(3.0, "Subtracted from a teaser's weight.")
    teaser_run: int = knob(1, "Teasers weigh less when at least this many come in a row.")
    teaser_words: int = knob(35, "A teaser is one short paragraph of at most this many words ...")
    teaser_head_words: int = knob(5, "... under a headline of at least this many words.")
    duplicate: float = knob(-5.0, "A line seen earlier on the page (menus, repeated teasers).")
    repeat_words: int = knob(8, "A kept paragraph this long that repeats an earlier one goes ...")
    repeat_ratio: float = knob(
        0.85, "... when its words match the earlier one's at this ratio (difflib, 1: verbatim)."
    )


@dataclass(frozen=True, slots=True)
class ConceptParams:
    """Concept weights of the summarizer (tuned on Multi-News 200, ``newsfuse eval summary``)."""

    unigram_weight: float = knob(0.3, "A unigram counts this much of a bigram.")
    lead_boost: float = knob(6.0, "Extra weight of a concept seen in an article's first sentence.")
    lead_decay: float = knob(4.0, "Sentences over which the lead boost decays by 1/e.")
    # 2 chosen on the Timeline17 tuning topics, neutral on Multi-News (docs/summarization.md)
    df_power: float = knob(2.0, "Weight grows as (number of groups) ** df_power.")
    min_groups: int = knob(1, "Concepts seen in fewer groups are ignored (when enough exist).")
    tf_power: float = knob(1.0, "Weight grows as (sentences with it) ** tf_power.")
    surface_bigrams: bool = knob(True, "Add word bigrams of the text (not both stop words).")


@dataclass(frozen=True, slots=True)
class SummaryParams:
    """The newsfuse selector (tuned on Multi-News 200, ``newsfuse eval summary``)."""

    concepts: ConceptParams = section(ConceptParams, "Concept weights.")
    length_power: float = knob(0.6, "r in gain / length ** r.")
    redundancy: float = knob(0.5, "Cosine above which two sentences say the same thing.")
    prior: float = knob(0.0, "Per-sentence bonus for early position, in concept-weight units.")
    compress: bool = knob(True, "Lightly compress the chosen sentences.")
    # chosen on the Timeline17 tuning topics at 100 words; at 250 it cost Multi-News F1
    shorten_words: int = knob(
        120, "Offer a shorter version of each sentence when the budget is at most this (0: never)."
    )
    # news summaries quote people (see docs/summarization.md)
    quote_bonus: float = knob(0.25, "A sentence quoting someone counts 1 + this times its gain.")
    quote_words: int = knob(4, "A quotation has at least this many words in double quotes.")


@dataclass(frozen=True, slots=True)
class CrossCheckParams:
    """Story-level cross-checks (tuned on the example story and the golden tests)."""

    fact_threshold: float = knob(
        0.3, "Similarity at which two sentences state one fact (facts, support, coverage)."
    )
    timeline_link: float = knob(
        0.7, "Pair-model probability at which two mentions of one day are one timeline entry."
    )


@dataclass(frozen=True, slots=True)
class FetchOptions:
    """HTTP fetching for ``newsfuse ingest --fetch`` (:mod:`newsfuse.corpus.fetch`)."""

    allow_private: bool = knob(False, "Allow fetching from private and loopback addresses.")
    timeout: float = knob(10.0, "Seconds for one request, connecting to last byte (NF502).")
    max_bytes: int = knob(10_000_000, "At most this many bytes are read per response.")
    max_redirects: int = knob(5, "Redirects followed per request.")
    concurrency: int = knob(4, "Linked pages of one feed fetched at the same time.")


@dataclass(frozen=True, slots=True)
class ClusterParams:
    """Online story clustering (:mod:`newsfuse.corpus.cluster`), measured on ECB+ dev and
    Multi-News 200 with ``newsfuse eval cluster`` (see docs/eval/cluster.md)."""

    threshold: float = knob(0.16, "Minimum score to join a story.")
    name_weight: float = knob(0.35, "Share of the score from names (the rest from terms).")
    window_days: int = knob(7, "Dates this far outside a story's range still score fully.")
    decay_days: float = knob(14.0, "Beyond the window the score halves every decay_days.")
    max_gap_days: int = knob(60, "Never join a story whose dates are further away than this.")
    signature_terms: int = knob(200, "Terms kept in a story signature.")
    index_terms: int = knob(25, "Strongest terms of each member put in the inverted index.")
    query_terms: int = knob(20, "Strongest article terms used to look up candidates.")
    index_names: int = knob(10, "Highest-IDF names of each member put in the inverted index.")
    max_postings: int = knob(100, "Most recent stories scanned per index key and date bucket.")
    scan_all_below: int = knob(64, "With this few stories, every story is a candidate.")
    max_candidates: int = knob(12, "Stories scored per article: those sharing most index keys.")
    refine_gain: float = knob(0.20, "A member moves when another story beats its own by this.")
    refine_max_members: int = knob(50, "Larger stories revisit only the last batch's members.")
    split_ratio: float = knob(
        0.6, "Split a story whose two sides are this much less alike (0: never)."
    )
    split_number_weight: float = knob(0.3, "Share of numbers in the member similarity of a split.")
    split_min_group: int = knob(2, "Smallest group a split cuts off.")
    merge_threshold: float = knob(
        0.20, "Merge two stories whose members average this alike (0: never)."
    )
    merge_candidates: int = knob(4, "Stories checked for a merge with each touched story.")
    rescue_score: float = knob(
        0.12, "A one-article story scored this high by a new article is rescued (0: never)."
    )
    pair_threshold: float = knob(
        0.12, "Two one-article stories, each other's best match, join at this (0: never)."
    )
