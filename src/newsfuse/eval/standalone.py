"""Lines that stand alone, counted on briefings of real days (``newsfuse eval furniture``).

No gold set says which briefing lines read alone, so the check is a count of three faults, each
read off a fresh spaCy parse of the line as the briefing shows it (the parse, never a word list
of sentence starts):

* **An unresolved pronoun subject**: the subject of the main clause (the root of the line's
  first sentence) is a personal pronoun ("he", "she", "they", "it" not an expletive) or a
  demonstrative standing alone ("this", "that", "these", "those" heading the subject). A pronoun
  the briefing resolved reads "[Name]", so any pronoun left is unresolved. "It" before a clause
  it announces ("It is unclear whether ...", "It seems that ...", "It is feared that ...") is an
  expletive: a linking verb (``EXPLETIVE_VERBS``), a verb with a complement or a passive verb
  governing a clause, or a subject the parser labels ``expl``.
* **A run-on from a lost full stop**, in a line longer than ``RUNON_WORDS`` words: a capitalised
  word right after a lower-case word with only a space between them (no punctuation), where a
  sentence starts by the parse: the parser of the line alone starts a sentence there, or the
  word opens the subject of a finite verb that is not a relative or adverbial clause of what
  precedes nor a clause joined to it by a conjunction before the word ("... in Tunisia and now
  Egypt is ..."), and the text before holds a finite verb with its subject. The word before must be
  one a sentence can end on (a noun, number, adverb or adjective, not a verb, determiner or
  preposition), so "... said Obama will go" is not one.
* **A speaker that is no person, organisation or role**: the quote group's speaker, found in the
  text around its first citation and parsed there, names no PERSON, ORG, NORP or GPE entity and
  is not a noun phrase headed by a proper or common noun (a part of a group judged by the group:
  "one of the protesters"); a head that is a time or an amount ("the time", "Saturday", "5 PM",
  "another $40 million") is no role either. This is the definition the extractor applies
  (:func:`newsfuse.analyze.quotes_speaker.names_speaker`), here on a parse of the text around
  the quote instead of the article's.

Counts are kept for the key facts shown in Markdown and HTML (the first ``max_facts``), all
facts of the JSON, and the summary.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

    from newsfuse.model import Briefing

DOC_PATH = Path(__file__).resolve().parents[3] / "docs" / "eval" / "standalone.md"
RUNON_WORDS = 25  # a run-on is looked for in lines longer than this many words
WINDOW = 300  # characters around a quote searched for its speaker's words
KINDS = ("top facts", "facts", "summary")

_PERSONAL = frozenset({"he", "she", "they", "it"})
_DEMONSTRATIVE = frozenset({"this", "that", "these", "those"})
_SUBJ = frozenset({"nsubj", "nsubjpass"})
_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})
_CLAUSE = frozenset({"ccomp", "xcomp", "csubj", "advcl"})
_ENDS_SENTENCE = frozenset({"NOUN", "NUM", "ADV", "ADJ", "PROPN"})


def _expletive_it(subj: Token) -> bool:
    from newsfuse.analyze.quotes_speaker import EXPLETIVE_VERBS

    if subj.dep_ == "expl":
        return True
    verb = subj.head
    heads = [verb, *(c for c in verb.children if c.dep_ in {"acomp", "attr", "oprd"})]
    passive = any(c.dep_ == "auxpass" for c in verb.children)
    if verb.lemma_ in EXPLETIVE_VERBS or len(heads) > 1 or passive:
        return any(c.dep_ in _CLAUSE for h in heads for c in h.children)
    return False


def pronoun_subject(sent: SpacySpan) -> Token | None:
    """The main clause's subject when it is a pronoun standing for something unnamed."""
    root = sent.root
    subj = next((c for c in root.children if c.dep_ in _SUBJ or c.dep_ == "expl"), None)
    if subj is None:
        return None
    word = subj.lower_
    if word in _PERSONAL and subj.tag_ == "PRP":
        return None if word == "it" and _expletive_it(subj) else subj
    if word in _DEMONSTRATIVE and subj.dep_ in _SUBJ and subj.pos_ in {"PRON", "DET"}:
        return subj if not any(c.dep_ in {"relcl", "acl"} for c in subj.children) else None
    return None


def _finite_clause(tokens: SpacySpan) -> bool:
    ids = {t.i for t in tokens}
    return any(t.tag_ in _FINITE for t in tokens) and any(
        t.dep_ in _SUBJ and t.head.i in ids for t in tokens
    )


def _opens_clause(doc: Doc, j: int) -> bool:
    """Whether token ``j`` opens the subject of a finite verb of a clause of its own."""
    for t in doc[j:]:
        if t.dep_ in _SUBJ and t.left_edge.i == j:
            verb = t.head
            finite = verb.tag_ in _FINITE or any(
                c.dep_ in {"aux", "auxpass"} and c.tag_ in _FINITE for c in verb.children
            )
            if not finite or verb.i <= j or verb.dep_ in {"relcl", "acl", "advcl", "csubj"}:
                return False
            # a clause joined to the one before by a conjunction before the word ("... in
            # Tunisia and now Egypt is ...") is no sentence of its own
            return not (
                verb.dep_ == "conj"
                and any(c.dep_ == "cc" and verb.head.i < c.i < j for c in verb.head.children)
            )
        if t.i - j > 8:
            break
    return False


def lost_stops(doc: Doc) -> list[int]:
    """Token indices where a sentence starts with no full stop before it (see the docstring)."""
    out = []
    for j in range(2, len(doc)):
        t, prev = doc[j], doc[j - 1]
        if not (t.is_alpha and t.text[:1].isupper() and t.text != "I"):
            continue
        if t.ent_iob_ == "I" or not prev.is_alpha or not prev.text[:1].islower():
            continue
        if prev.whitespace_ != " " or prev.pos_ not in _ENDS_SENTENCE:
            continue
        if t.is_sent_start or (_opens_clause(doc, j) and _finite_clause(doc[:j])):
            out.append(j)
    return out


def _words(text: str) -> int:
    return sum(1 for w in text.split() if any(c.isalnum() for c in w))


def speaker_ok(doc: Doc, start: int, end: int) -> bool:
    """Whether the speaker words at characters ``start:end`` of ``doc`` name a person,
    organisation or role (see the module docstring)."""
    from newsfuse.analyze.quotes_speaker import names_speaker

    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    return names_speaker(doc, span.root, span.start, span.end)


@dataclass(slots=True)
class StandAlone:
    """Counts of lines and of lines that do not stand alone, per kind; examples for the page."""

    lines: Counter[str] = field(default_factory=Counter)
    pronoun: Counter[str] = field(default_factory=Counter)
    long: Counter[str] = field(default_factory=Counter)  # lines over RUNON_WORDS words
    runon: Counter[str] = field(default_factory=Counter)
    speakers: int = 0
    bad_speakers: int = 0
    unfound_speakers: int = 0  # speaker words not found near the quote (not judged)
    examples: dict[str, list[str]] = field(default_factory=dict)

    def add(self, other: StandAlone) -> None:
        for mine, theirs in (
            (self.lines, other.lines),
            (self.pronoun, other.pronoun),
            (self.long, other.long),
            (self.runon, other.runon),
        ):
            mine.update(theirs)
        self.speakers += other.speakers
        self.bad_speakers += other.bad_speakers
        self.unfound_speakers += other.unfound_speakers
        for k, v in other.examples.items():
            self.examples.setdefault(k, []).extend(v)

    def note(self, what: str, text: str) -> None:
        self.examples.setdefault(what, []).append(text)


def judge_lines(texts: Sequence[str], nlp: Language) -> list[tuple[bool, bool, str | None]]:
    """Per text: (pronoun subject, over ``RUNON_WORDS`` words, the run-on cut shown or None)."""
    out: list[tuple[bool, bool, str | None]] = []
    for text, doc in zip(texts, nlp.pipe(texts), strict=True):
        sents = list(doc.sents)
        pronoun = bool(sents) and pronoun_subject(sents[0]) is not None
        long = _words(text) > RUNON_WORDS
        cuts = lost_stops(doc) if long else []
        cut = f"{doc[: cuts[0]].text} || {doc[cuts[0] :].text}" if cuts else None
        out.append((pronoun, long, cut))
    return out


def tally_lines(
    t: StandAlone, kind: str, texts: Sequence[str], judged: Sequence[tuple[bool, bool, str | None]]
) -> None:
    for text, (pronoun, long, cut) in zip(texts, judged, strict=True):
        t.lines[kind] += 1
        t.pronoun[kind] += pronoun
        t.long[kind] += long
        t.runon[kind] += cut is not None
        if pronoun:
            t.note(f"pronoun {kind}", text)
        if cut is not None:
            t.note(f"run-on {kind}", cut)


def check_speakers(t: StandAlone, b: Briefing, nlp: Language) -> None:
    texts = {a.id: a.text for a in b.articles}
    windows: list[tuple[str, int, int, str]] = []  # window text, speaker start/end, speaker
    for q in b.quotes:
        if not q.speaker or not q.citations:
            continue
        t.speakers += 1
        c = q.citations[0]
        text = texts.get(c.article, "")
        lo, hi = max(0, c.start - WINDOW), min(len(text), c.end + WINDOW)
        window = text[lo:hi]
        at = _nearest(window, q.speaker, c.start - lo, c.end - lo)
        if at < 0:
            t.unfound_speakers += 1
            continue
        windows.append((window, at, at + len(q.speaker), q.speaker))
    for (window, a, z, speaker), doc in zip(windows, nlp.pipe(w for w, *_ in windows), strict=True):
        if not speaker_ok(doc, a, z):
            t.bad_speakers += 1
            t.note("speaker", f"{speaker} <- {window[max(0, a - 60) : z + 40]!r}")


def _nearest(window: str, word: str, start: int, end: int) -> int:
    """The start of the occurrence of ``word`` in ``window`` nearest the quote at
    ``start:end``, else -1."""
    best, best_dist, at = -1, 0, window.find(word)
    while at >= 0:
        dist = abs(start - (at + len(word)) if at < start else at - end)
        if best < 0 or dist < best_dist:
            best, best_dist = at, dist
        at = window.find(word, at + 1)
    return best


def check(b: Briefing, nlp: Language, max_facts: int) -> StandAlone:
    """The three counts of the module docstring over one briefing."""
    t = StandAlone()
    facts = [f.text for f in b.facts]
    judged = judge_lines(facts, nlp)
    tally_lines(t, "facts", facts, judged)
    top = StandAlone()
    tally_lines(top, "top facts", facts[:max_facts], judged[:max_facts])
    t.lines.update(top.lines)
    t.pronoun.update(top.pronoun)
    t.long.update(top.long)
    t.runon.update(top.runon)
    summary = [s.text for s in b.summary]
    tally_lines(t, "summary", summary, judge_lines(summary, nlp))
    check_speakers(t, b, nlp)
    return t


def _cell(bad: int, n: int) -> str:
    return f"{bad} / {n} ({100 * bad / n:.1f}%)" if n else "0 / 0"


def table(rows: Sequence[tuple[str, StandAlone]]) -> str:
    """One row per folder (or pooled folders): pronoun subjects, run-ons and speakers."""
    head = (
        "| folders | pronoun subject: top facts | all facts | summary "
        f"| run-on (> {RUNON_WORDS} words) / lines: top facts | all facts | summary "
        "| speakers not a person, organisation or role | speakers not found near the quote |\n"
        "|---|---|---|---|---|---|---|---|---|"
    )
    lines = [head]
    for name, t in rows:
        cells = [_cell(t.pronoun[k], t.lines[k]) for k in KINDS]
        cells += [_cell(t.runon[k], t.lines[k]) for k in KINDS]
        judged = t.speakers - t.unfound_speakers
        cells += [_cell(t.bad_speakers, judged), str(t.unfound_speakers)]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def doc_text(rows: Sequence[tuple[str, StandAlone]], command: str, s: float) -> str:
    return f"""# Lines that stand alone, on briefings of real days (Timeline17)

Command: `{command}` ({s:.0f} s on this machine, 2 shared cores, with the furniture count)

Data: the days `newsfuse eval furniture` briefs: up to 8 multi-article days per topic/outlet folder
of `../shared/data/timeline17-dev` (up to 10 articles a day), each briefed after the folder's
earlier pages went into a store. The pipeline's stand-alone rules (`analyze/standalone.py`,
`brief/assemble.py`, speaker checks in `analyze/quotes_speaker.py`) were tuned on
EgyptianProtest_cnn, LibyaWar_cnn, LibyaWar_reuters and SyrianCrisis_bbc; the other folders are
reported apart.

{table(rows)}

Each cell is lines at fault / lines. "Top facts" are the key facts Markdown and HTML show (the
first `max_facts`); "all facts" are the JSON's. A speaker is judged where its words are found
within {WINDOW} characters of the quote's first citation; the last column counts the others.

How each fault is read (`src/newsfuse/eval/standalone.py`), from a fresh spaCy parse of the line
as the briefing shows it:

* pronoun subject: the subject of the line's main clause is "he", "she", "they", "it" (not an
  expletive "it" before the clause it announces) or a demonstrative heading the subject alone
  ("this", "those"); a pronoun the briefing resolved reads "[Name]" and is not counted;
* run-on, in lines of more than {RUNON_WORDS} words: a capitalised word right after a lower-case
  word a sentence can end on (noun, number, adverb, adjective), with only a space between, where
  the parse starts a sentence: the parser of the line alone starts one there, or the word opens
  the subject of a finite verb that is no relative or adverbial clause nor a clause joined to the
  one before by a conjunction ahead of the word, after a finite clause;
* speaker: no PERSON, ORG, NORP or GPE entity in the speaker's words, and their head is not a
  common noun, or is a time (DATE or TIME entity, time noun, clock word).
"""
