"""Time expressions (TIMEX3) found and resolved the way a reader would.

:func:`tag_timexes` runs the regular-expression grammar of :mod:`~newsfuse.analyze.timex_grammar`
over the cleaned text, keeps the longest non-overlapping matches, uses spaCy's entity labels only as
a hint to drop numbers that are not years, and resolves each expression with
:mod:`~newsfuse.analyze.timex_values` against the reference date (the article date). Which way an
under-specified date points ("on Thursday", "Feb. 11", "October") is decided by the tense of the
verb that governs it in the dependency parse: past -> on or before the reference, future (will,
modals, "plans to", "is expected to", "is preparing to") -> on or after, otherwise the nearest.
See docs/dates.md for the rules and examples.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from newsfuse.analyze.timex_grammar import Candidate, compile_rules, find_candidates, select
from newsfuse.analyze.timex_resolve import FUTURE, PAST, PRESENT, resolve_weekday
from newsfuse.analyze.timex_values import Context, evaluate, opens_sentence
from newsfuse.model import Article, Span, Timex

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["governing_tense", "resolve_weekday", "retag", "tag_timexes"]

# verbs whose infinitive complement happens later: "plans to meet", "is preparing to hold"
FUTURE_HEADS = frozenset(
    {
        "plan",
        "expect",
        "prepare",
        "schedule",
        "set",
        "due",
        "intend",
        "aim",
        "hope",
        "want",
        "seek",
        "agree",
        "decide",
        "promise",
        "vow",
        "threaten",
        "propose",
        "likely",
        "poised",
        "slate",
        "go",
        "ready",
        "scheduled",
        "expected",
        "planned",
        "arrange",
        "wish",
        "need",
        "have",
        "able",
    }
)
FUTURE_AUX = frozenset(
    {
        "will",
        "'ll",
        "shall",
        "wo",
        "would",
        "'d",
        "may",
        "might",
        "could",
        "should",
        "must",
        "can",
        "ca",
    }
)
PERFECT_AUX = frozenset({"has", "have", "'ve", "'s", "had", "'d"})
PROGRESSIVE_AUX = frozenset({"is", "are", "am", "'s", "'re", "'m"})
# a date these verbs govern is when the planned thing happens ("planned a rally on Saturday")
PLANNING_VERBS = frozenset({"plan", "schedule", "slate", "expect", "reschedule", "postpone"})
# a clock time between a cue word and the day ("until 9 a.m. Tuesday")
_CLOCK_TAIL = re.compile(
    r"(?:\b(?:at\s+)?(?:\d{1,2}(?::\d\d)?\s*(?:a\.m\.?|p\.m\.?|am|pm)(?:\s+[A-Z]{3})?|noon|midnight)"
    r"\s*,?\s*)$",
    re.IGNORECASE,
)
# words just before a date that point forward whatever the verb ("effective Feb. 1")
FUTURE_CUES = frozenset({"effective", "starting", "beginning", "till", "payable", "record"})
# words just before a date that point back whatever the verb ("since Oct. 23")
PAST_CUES = frozenset({"since"})
# words that may point either way even in a past-tense sentence ("extended ... through January")
OPEN_CUES = frozenset({"until", "through", "by"})
# spaCy labels that say a four-digit number is not a year
NOT_A_YEAR = frozenset({"CARDINAL", "MONEY", "QUANTITY", "PERCENT", "ORDINAL"})
# spaCy labels that say a lone month name is a name ("Jan Smith", "Theresa May")
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "PRODUCT", "WORK_OF_ART"})
# "a year ago" means the quarter a year back when a quarter was named this many sentences before
QUARTER_REACH = 1
# rules whose value is computed from an earlier expression: they do not become anchors themselves
SHIFTS = frozenset({"ago", "anaphoric", "the_unit", "same_period"})
_DAY_VALUE = re.compile(r"\d{4}-\d\d-\d\d$")
# a clock time, then an opening parenthesis: what follows converts it to another zone
_CONVERSION = re.compile(r"(?:[ap]\.?m\.?|\d\d?:\d\d|noon|midnight)\s*\($", re.IGNORECASE)
_GLUE = re.compile(r"\s*,?\s*(?:on|at|of)?\s*", re.IGNORECASE)


def verb_tense(verb: Token, depth: int = 0) -> str:
    """Tense of a verb token from its tag and auxiliaries: "past", "future" or "present"."""
    auxes = [c for c in verb.children if c.dep_ in {"aux", "auxpass"}]
    words = {a.lower_ for a in auxes}
    if words & FUTURE_AUX:
        return PAST if "have" in words else FUTURE
    head = verb.head
    if "to" in words and head is not verb:
        head_aux = {c.lower_ for c in head.children if c.dep_ in {"aux", "auxpass"}}
        future_head = head.lemma_.lower() in FUTURE_HEADS or head.lower_ in FUTURE_HEADS
        if head.tag_ == "VBD" and head.lemma_.lower() in {"have", "need", "want", "be"}:
            return PAST  # "had to leave on Friday"
        if head.pos_ == "ADJ" and head.head.tag_ == "VBD":
            return PAST  # "were able to meet on Monday"
        if (future_head and "had" not in head_aux) or head.lower_ in {"is", "are"}:
            return FUTURE
        if future_head:
            return PAST
        if depth < 3:
            return verb_tense(head, depth + 1)
    if verb.lemma_.lower() in {"expect", "schedule", "slate", "set", "plan", "due"} and any(
        a.dep_ == "auxpass" and a.lower_ in PROGRESSIVE_AUX for a in auxes
    ):
        return FUTURE
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes):
        return PAST
    if verb.tag_ == "VBN" and (words & PERFECT_AUX or not auxes):
        if not auxes and verb.dep_ == "conj" and depth < 3:
            return verb_tense(head, depth + 1)
        return PAST
    if verb.tag_ == "VBG" and "been" in words and words & PERFECT_AUX:
        return PAST  # "have been searching since Oct. 23"
    if verb.tag_ == "VBG" and words & PROGRESSIVE_AUX:
        return FUTURE
    if verb.tag_ in {"VBZ", "VBP"} or auxes:
        return PRESENT
    if (
        head is not verb
        and depth < 3
        and verb.dep_ in {"conj", "xcomp", "advcl", "ccomp", "acl", "relcl", "pcomp"}
    ):
        return verb_tense(head, depth + 1)
    return PRESENT


def governing_tense(doc: Doc, start: int, end: int, text: str | None = None) -> str:
    """The tense of the verb that governs the text ``[start, end)`` in the dependency parse.

    ``text`` is ``doc.text`` (pass it when calling in a loop: spaCy rebuilds it on each access).
    """
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return PRESENT
    tok = span.root
    for _ in range(10):
        if tok.pos_ in {"VERB", "AUX"} or tok.head is tok:
            break
        tok = tok.head
    if tok.pos_ not in {"VERB", "AUX"}:
        return PRESENT
    tense = FUTURE if tok.lemma_.lower() in PLANNING_VERBS else verb_tense(tok)
    text = doc.text if text is None else text
    before = _CLOCK_TAIL.sub("", text[max(0, start - 40) : start]).lower().split()
    cue = before[-1] if before else ""
    if cue in FUTURE_CUES:
        return FUTURE
    if cue in PAST_CUES:
        return PAST
    if cue in OPEN_CUES and tense == PAST:
        return PRESENT
    return tense


# rules whose words are capitalised anyway (months, weekdays, holidays), or have no words
_PROPER_RULES = frozenset(
    {"iso", "slash", "mdy", "dmy", "md", "dm", "my", "month", "weekday", "week_of", "holiday"}
)


_BEFORE_WINDOW = 120  # characters before a candidate that decide whether it opens a sentence
_LINE_WINDOW = 400  # characters each side of a candidate read to tell a title-case headline


def _in_a_title(cand: Candidate, text: str) -> bool:
    """ "VOA Today", "High Noon", ABC's "This Week": words usually written in lower case, all
    capitalised inside a sentence, belong to a name (a programme, a film), not to a time."""
    if cand.rule in _PROPER_RULES:
        return False
    words = re.findall(r"[A-Za-z]+", text[cand.start : cand.end])
    if not words or not all(w[0].isupper() and w[1:].islower() for w in words):
        return False
    # the line around it (at most _LINE_WINDOW characters each side: a headline is shorter, and
    # a text of one long line is not read whole for each candidate)
    line_start = max(text.rfind("\n", 0, cand.start) + 1, cand.start - _LINE_WINDOW)
    line_end = text.find("\n", cand.end, cand.end + _LINE_WINDOW)
    line_end = line_end if line_end >= 0 else min(len(text), cand.end + _LINE_WINDOW)
    line = re.findall(r"[A-Za-z]{4,}", text[line_start:line_end])
    if len(line) >= 4 and sum(w[0].isupper() for w in line) > 0.6 * len(line):
        return False  # a headline in title case: "Stocks Fall Sharply This Week"
    # both tests below look only at the end of the text before (a word, a sentence break): a
    # window of it, not the whole text, so a long text's many such candidates stay linear
    before = text[max(0, cand.start - _BEFORE_WINDOW) : cand.start]
    if len(words) == 1:  # right after a capitalised word: "VOA Today"
        return bool(re.search(r"\b[A-Z][\w.'-]*[ \t]+\Z", before)) and not opens_sentence(
            text, cand.start
        )
    return not opens_sentence(text, cand.start)


def _keep(cand: Candidate, doc: Doc, text: str) -> bool:
    """Drop matches the parse says are not times (a bare "1500" counting people)."""
    if _in_a_title(cand, text):
        return False
    if cand.rule == "year" and not cand.groups.get("pre"):
        if text[max(0, cand.start - 1) : cand.start] in {"$", "#"} or text[
            cand.end : cand.end + 1
        ] in {"%", "-"}:
            return False
        span = doc.char_span(cand.start, cand.end, alignment_mode="expand")
        if span is not None and any(t.ent_type_ in NOT_A_YEAR for t in span):
            return False
        if span is not None and span[0].i > 0 and span[0].nbor(-1).lower_ in {"no", "number"}:
            return False
    if cand.rule == "clock" and _CONVERSION.search(text[max(0, cand.start - 16) : cand.start]):
        return False  # "10:35 a.m. (0735 GMT)": the same time again, in another zone
    if cand.rule == "clock" and cand.groups.get("hh4"):
        before = text[max(0, cand.start - 24) : cand.start]
        if _SCORE.search(before) and not _RANGE.search(before):
            return False  # "voted 7 to 2 in the evening": a count against a count, no hour
        span = doc.char_span(cand.start, cand.end, alignment_mode="expand")
        tok = span[-1] if span is not None and len(span) else None
        if tok is not None and tok.head.i > tok.i and tok.dep_ in ("compound", "amod", "nmod"):
            return False  # "rose to 4 in the morning session": the part of the day is a modifier
    if cand.rule == "md_second":
        span = doc.char_span(cand.start, cand.end, alignment_mode="expand")
        tok = span[-1] if span is not None and len(span) else None
        if tok is not None and tok.head.i > tok.i and tok.dep_ in ("nummod", "compound"):
            return False  # "on April 24 and 25 people were hurt": a count of what follows
    if cand.rule == "month" and not cand.groups.get("rel"):
        span = doc.char_span(cand.start, cand.end, alignment_mode="expand")
        if span is not None and any(t.ent_type_ in NAME_LABELS for t in span):
            return False  # "Jan Smith", "Theresa May"
    return True


# a number, then "to" before the hour: a score or a vote ("7 to 2"), unless a range opens it
# ("from 7 to 9 in the evening", "between 7 and 9")
_SCORE = re.compile(r"\b\d+\s+to\s+$")
_RANGE = re.compile(r"\b(?:from|between)\s+\d+\s+to\s+$", re.IGNORECASE)


def _merge_clock(found: list[tuple[Candidate, str, str | None, bool]], text: str) -> list:
    """Join a clock time and the day beside it ("3 p.m. Friday", "Friday at 3 p.m.") into one."""
    out: list[tuple[Candidate, str, str | None, bool]] = []
    for item in found:
        if out:
            prev = out[-1]
            pair = (prev, item)
            clock = [p for p in pair if p[0].rule == "clock"]
            day = [p for p in pair if p[0].rule != "clock" and p[2] and _DAY_VALUE.match(p[2])]
            if (
                len(clock) == 1
                and len(day) == 1
                and clock[0][2]
                and _GLUE.fullmatch(text[prev[0].end : item[0].start])
            ):
                c0 = prev[0]
                merged = Candidate(c0.start, item[0].end, "clock", c0.groups)
                value = f"{day[0][2]}{clock[0][2][10:]}"
                out[-1] = (merged, "TIME", value, day[0][3])
                continue
        out.append(item)
    return out


def tag_timexes(doc: Doc, article: Article, ref: date | None) -> list[Timex]:
    """The time expressions of ``article`` (parsed as ``doc``), resolved against ``ref``.

    Returns Timex records sorted by start with ``article.text[start:end] == text``. Relative
    expressions get ``anchor=ref`` and ``relative=True``; with ``ref`` None they get value None.
    """
    return resolve_timexes(timex_candidates(doc, article), article, ref)


@dataclass(frozen=True, slots=True)
class TimexCandidates:
    """What tagging an article's time expressions reads from its parse, whatever the reference
    date: the chosen candidates, each one's sentence and governing tense."""

    chosen: tuple[Candidate, ...]
    sentences: tuple[int, ...]
    tenses: tuple[str, ...]


def timex_candidates(doc: Doc, article: Article) -> TimexCandidates:
    """The candidates of ``article`` (parsed as ``doc``), to resolve against any date."""
    text = article.text
    chosen = select([c for c in find_candidates(text, compile_rules()) if _keep(c, doc, text)])
    sent_starts = [s.start_char for s in doc.sents]
    return TimexCandidates(
        tuple(chosen),
        tuple(bisect_right(sent_starts, c.start) - 1 for c in chosen),
        tuple(governing_tense(doc, c.start, c.end, text) for c in chosen),
    )


def resolve_timexes(cands: TimexCandidates, article: Article, ref: date | None) -> list[Timex]:
    """The time expressions of ``cands`` resolved against ``ref`` (see :func:`tag_timexes`)."""
    text = article.text
    found: list[tuple[Candidate, str, str | None, bool]] = []
    day: date | None = None
    day_sentence = -1
    quarter_sentence = -1
    anchor: str | None = None
    quarter: str | None = None
    last_day: date | None = None
    for cand, sentence, tense in zip(cands.chosen, cands.sentences, cands.tenses, strict=True):
        ctx = Context(
            ref=ref,
            tense=tense,
            text=text,
            day=day if sentence == day_sentence else None,
            anchor=anchor,
            quarter=quarter if sentence - quarter_sentence <= QUARTER_REACH else None,
            last_day=last_day,
        )
        result = evaluate(cand, ctx)
        if result is None:
            continue
        ttype, value, relative = result
        found.append((cand, ttype, value, relative))
        if value and _DAY_VALUE.match(value[:10]) and ttype in {"DATE", "TIME"}:
            day, day_sentence = date.fromisoformat(value[:10]), sentence
            last_day = day
        if value and ttype == "DATE" and re.match(r"\d{4}", value) and cand.rule not in SHIFTS:
            anchor = value
        if value and re.fullmatch(r"\d{4}-Q\d", value) and cand.rule == "quarter":
            quarter, quarter_sentence = value, sentence
    return [
        Timex(
            span=Span(article.id, c.start, c.end),
            text=text[c.start : c.end],
            type=ttype,
            value=value,
            anchor=ref if relative and value is not None and ref is not None else None,
            relative=relative,
        )
        for c, ttype, value, relative in _merge_clock(found, text)
    ]


def retag(doc: Doc, article: Article, new_ref: date | None) -> list[Timex]:
    """Tag again with another reference date (e.g. after the article date was corrected)."""
    return tag_timexes(doc, article, new_ref)
