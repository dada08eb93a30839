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


@dataclass(frozen=True, slots=True)
class ConceptParams:
    """Concept weights of the summarizer (tuned on Multi-News 200, ``newsfuse eval summary``)."""

    unigram_weight: float = knob(0.3, "A unigram counts this much of a bigram.")
    lead_boost: float = knob(6.0, "Extra weight of a concept seen in an article's first sentence.")
    lead_decay: float = knob(4.0, "Sentences over which the lead boost decays by 1/e.")
    df_power: float = knob(1.0, "Weight grows as (number of groups) ** df_power.")
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
    # news summaries quote people (see docs/summarization.md)
    quote_bonus: float = knob(0.25, "A sentence quoting someone counts 1 + this times its gain.")
    quote_words: int = knob(4, "A quotation has at least this many words in double quotes.")


@dataclass(frozen=True, slots=True)
class CrossCheckParams:
    """Story-level cross-checks (tuned on the example story and the golden tests)."""

    fact_threshold: float = knob(
        0.3, "Similarity at which two sentences state one fact (facts, support, coverage)."
    )


@dataclass(frozen=True, slots=True)
class FetchOptions:
    """HTTP fetching for ``newsfuse ingest --fetch`` (:mod:`newsfuse.corpus.fetch`)."""

    allow_private: bool = knob(False, "Allow fetching from private and loopback addresses.")
    timeout: float = knob(10.0, "Seconds for one request, connecting to last byte (NF502).")
    max_bytes: int = knob(10_000_000, "At most this many bytes are read per response.")
    max_redirects: int = knob(5, "Redirects followed per request.")
    concurrency: int = knob(4, "Linked pages of one feed fetched at the same time.")
