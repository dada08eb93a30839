"""Sentences that stand alone: run-ons from lost full stops split, pronoun subjects resolved.

Two things keep a sentence from being read on its own in a briefing:

* **A run-on.** A page dump loses full stops ("... would replace him as chief executive Mr
  Hayward will leave his post ..."), and the parser takes two sentences for one.
  :func:`hidden_boundaries` finds where a capitalised clause starts right after a complete clause
  with no punctuation between them, from the parse alone (part-of-speech tags and dependencies,
  never a word list of examples): the word before is a lower-case content word (a noun, number
  or adverb, not a verb or a function word), the text before holds a finite verb and its subject,
  and the capitalised word opens a noun phrase that is the subject of a finite verb right after
  it (read linearly, or as the parse's subject that opens there and ends before its verb: "The
  row between the club and its fans will decide ..."). A capitalised function word ("The",
  "He", "But") mid-sentence is a boundary on its own, and so is a capitalised common word (not
  in capitals) that is no name and no nationality or weekday after a noun ("... in several
  ports Many passengers were ..."); a capitalised name is one only when what precedes its noun
  phrase cannot take it as the subject of a clause (a verb, "that", or a conjunction such as "as" that opens one), unless it
  opens with an honorific ("Mr", "Dr"), which a title before a name does not take. A bare
  attribution after the cut ("... in 2010 Mr Smith said.") is never split off.
* **A pronoun subject** ("He stated: ..."): :func:`pronoun_subjects` finds each sentence whose
  main clause's subject is a personal pronoun and resolves it from the sentence before: the
  subject of that sentence (its main clause first, then its other clauses) that agrees with the
  pronoun (he/she: a person's name; they/it: an organisation or place, "they" also a plural
  noun). Two different agreeing candidates, or none, leave it unresolved, and so does another
  pronoun subject before it ("For decades, they say, they feared ..."). "It" counts unless
  it is an expletive announcing a clause ("It is unclear whether ..."); a demonstrative heading
  the subject alone ("This is the worst attack ...") points at what came before and is never
  resolved. A resolved pronoun
  carries the name, so a briefing can write "[Hayashi Yoshimasa] stated: ..." and keep citing the
  sentence; an unresolved one keeps the sentence out of key facts and the summary.
* **A sentence that ends on a colon** announces what follows: a transcript's speaker label that
  the parser made a sentence of its own ("IVAN WATSON, CNN CORRESPONDENT:"), "Several events are
  planned for Thursday:". Read alone it says nothing; :func:`standalone_text` keeps it out of key
  facts and the summary (by its form, the last mark of the text).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from newsfuse.model import Analysis, PronounSubject, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})
_SUBJ = frozenset({"nsubj", "nsubjpass"})
# capitalised function words: mid-sentence after a content word, a sentence starts there
_FUNCTION_POS = frozenset({"DET", "PRON", "CCONJ", "SCONJ", "ADP"})
# what a noun phrase right before the capitalised word may consist of
_NP_POS = frozenset({"NOUN", "ADJ", "NUM"})
# what the capitalised word's noun phrase may consist of, before its verb
_SUBJ_NP_POS = frozenset({"PROPN", "NOUN", "DET", "ADJ", "NUM", "PART"})
_PREV_POS = frozenset({"NOUN", "NUM", "ADV"})
# entities whose common words English writes with a capital mid-sentence ("American", "Friday")
_CAPITALISED = frozenset({"NORP", "LANGUAGE", "DATE", "TIME", "EVENT"})
# what a clause's verb governs when it is complete: an object or complement (a relative clause
# without "that" lacks it: "the statements Abu Maven has made")
_COMPLEMENT = frozenset({"dobj", "attr", "acomp", "ccomp", "xcomp", "oprd", "dative", "auxpass"})
_OPENS_CLAUSE = frozenset({"WDT", "WP", "WP$", "WRB"})
_SPEECH = frozenset({"say", "tell", "add", "report", "state", "write", "note", "announce"})
MIN_TOKENS = 4  # both sides of a cut hold at least this many words
SUBJECT_WORDS = 12  # the longest subject read from the parse, in tokens


def _finite_with_subject(tokens: SpacySpan) -> bool:
    ids = {t.i for t in tokens}
    return any(t.tag_ in _FINITE for t in tokens) and any(
        t.dep_ in _SUBJ and t.head.i in ids for t in tokens
    )


def _complete(tokens: SpacySpan) -> bool:
    """A finite verb with its subject, and no clause opened ("that", "which", "what", "if")
    without a finite verb after it: "Rebels said that four times during the day" is not."""
    if not _finite_with_subject(tokens):
        return False
    open_at = [
        t.i
        for t in tokens
        if t.tag_ in _OPENS_CLAUSE or (t.pos_ == "SCONJ" and t.lower_ != "as") or t.dep_ == "mark"
    ]
    return all(any(_finite(t) for t in tokens if t.i > i) for i in open_at)


def _finite(t: Token) -> bool:
    """A finite verb, or a past participle with its own subject and no auxiliary: a simple past
    the tagger took for a participle ("after the agency cut its rating")."""
    if t.tag_ in _FINITE:
        return True
    kids = [c.dep_ for c in t.children]
    return t.tag_ == "VBN" and "nsubj" in kids and not {"aux", "auxpass"} & set(kids)


def _subject_clause_after(doc: Doc, j: int, end: int) -> int | None:
    """The index of the finite verb whose subject noun phrase starts at token ``j``: a phrase
    that runs straight into it (at most six words), else a subject of the parse that opens at
    ``j`` and ends before its finite verb, a verb of a clause of its own (no relative clause or
    modifier of what precedes): "The conflict between the rebels and the army will decide ...",
    "Refinancing costs paid by the banks were ..."; else None."""
    for k in range(j, min(end, j + 7)):
        t = doc[k]
        if t.tag_ in _FINITE:
            return k if k > j else None
        if t.pos_ not in _SUBJ_NP_POS and not (k == j and t.pos_ == "PRON"):
            break
    for k in range(j, min(end, j + SUBJECT_WORDS)):
        t = doc[k]
        if t.dep_ not in _SUBJ or t.left_edge.i != j:
            continue
        verb = t.head
        if not (t.right_edge.i < verb.i < end) or verb.dep_ in {"relcl", "acl"}:
            return None
        finite = [x.i for x in (*verb.children, verb) if x.i > t.i and x.tag_ in _FINITE]
        return min(finite) if finite and min(finite) > t.right_edge.i else None
    return None


def _is_honorific(tok: Token) -> bool:
    """ "Mr", "Mrs", "Dr", ...: a short capitalised abbreviation the tagger reads as a name part,
    followed by another name."""
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    return (
        tok.pos_ == "PROPN"
        and len(tok.text.rstrip(".")) <= 3
        and tok.text[:1].isupper()
        and tok.text[1:].rstrip(".").islower()
        and nxt is not None
        and nxt.pos_ == "PROPN"
    )


def _cut_before(doc: Doc, j: int, start: int, end: int) -> bool:
    t, prev = doc[j], doc[j - 1]
    if not (t.is_alpha and t.text[:1].isupper() and t.text != "I") or t.ent_iob_ == "I":
        return False
    if not prev.whitespace_ or not (prev.is_alpha or prev.like_num):
        return False
    if not (prev.text[:1].islower() or prev.like_num) or prev.pos_ not in _PREV_POS:
        return False
    if j - start < MIN_TOKENS or end - j < MIN_TOKENS:
        return False
    verb = _subject_clause_after(doc, j, end)
    if verb is None:
        return False
    rest = [x for x in doc[verb + 1 : end] if not x.is_punct]
    if doc[verb].lemma_ in _SPEECH and len(rest) <= 1:
        return False  # "... in 2010 Mr Smith said."
    if not _complete(doc[start:j]):
        return False
    if t.pos_ in _FUNCTION_POS:
        return True
    if (
        t.is_title
        and t.pos_ != "PROPN"
        and t.ent_type_ not in _CAPITALISED
        and prev.pos_ in _NP_POS
    ):
        # a capitalised common word that is no name, no abbreviation ("state TV") and no word
        # written with a capital (a nationality, a weekday), after a noun: mid-sentence, only a
        # sentence starts with one ("... in several countries Many protesters are ...")
        return True
    # a name: its clause must be complete (a relative clause without "that" is not: "the
    # statements Abu Maven has made"), not an attribution, and the noun phrase before it must
    # belong to the clause before (after "the", "his", "of", not after a verb or a comma)
    head = doc[verb]
    while head.dep_ in {"aux", "auxpass"} and head.head.i != head.i:
        head = head.head
    if head.lemma_ in _SPEECH or t.ent_type_ in {"DATE", "TIME"}:
        return False
    if not any(c.dep_ in _COMPLEMENT and c.i > head.i for c in head.children):
        return False
    r = j - 1
    while r > start and (
        (doc[r].pos_ in _NP_POS and doc[r].text[:1].islower())
        or (doc[r].lower_ == "of" and doc[r - 1].pos_ == "NOUN")  # "head of sales"
    ):
        r -= 1
    opener = doc[r]
    if opener.lower_ in {"that", "whether"}:
        return False
    if opener.pos_ == "SCONJ" or opener.dep_ == "mark" or opener.lower_ == "as":
        return _is_honorific(t)  # "as chief executive Tony Hayward announced ..."
    return opener.pos_ in {"DET", "ADP"} or opener.tag_ in {"POS", "PRP$"}


def hidden_boundaries(doc: Doc, start_char: int, end_char: int) -> list[int]:
    """Character offsets inside one sentence span where a sentence lost its full stop."""
    span = doc.char_span(start_char, end_char, alignment_mode="expand")
    if span is None or len(span) < 2 * MIN_TOKENS:
        return []
    return [
        doc[j].idx
        for j in range(span.start + 1, span.end)
        if _cut_before(doc, j, span.start, span.end)
    ]


# ---- pronoun subjects ------------------------------------------------------------------------

_PERSONAL = frozenset({"he", "she", "they", "it"})
# a demonstrative heading the subject alone ("This is the worst attack ..."): it points at what
# came before, which no name stands for
_DEMONSTRATIVE = frozenset({"this", "that", "these", "those"})
# what an expletive "it" announces: a clause under the copula or its complement
_ANNOUNCED = frozenset({"ccomp", "xcomp", "csubj", "advcl"})
_PERSON_LABELS = frozenset({"PERSON"})
_GROUP_LABELS = frozenset({"ORG", "GPE", "NORP"})


def _main_subject(sent: SpacySpan) -> Token | None:
    return next((c for c in sent.root.children if c.dep_ in _SUBJ), None)


def _agreeing_name(subj: Token, pronoun: str) -> str | None:
    """The name a subject gives a pronoun, when they agree (see the module docstring)."""
    ents = [
        e for e in subj.doc.ents if subj.left_edge.i <= e.start and e.end <= subj.right_edge.i + 1
    ]
    if pronoun in {"he", "she"}:
        people = [e for e in ents if e.label_ in _PERSON_LABELS]
        return people[-1].text if people else None
    groups = [e for e in ents if e.label_ in _GROUP_LABELS]
    if groups and subj.tag_ not in {"PRP"}:
        return groups[-1].text
    if pronoun == "they" and subj.tag_ == "NNS":
        words = [t for t in subj.subtree if not t.is_punct]
        if len(words) <= 5:
            return " ".join(t.text for t in words)
    return None


def pronoun_subjects(
    doc: Doc, sentences: Sequence[tuple[int, int]], article: str
) -> tuple[PronounSubject, ...]:
    """A record for every sentence whose main clause has a personal-pronoun subject, with the
    name it refers to when the sentence before gives one (see the module docstring)."""
    out: list[PronounSubject] = []
    resolved: dict[int, str] = {}  # sentence index -> name its pronoun subject stands for
    spans = [doc.char_span(a, b, alignment_mode="expand") for a, b in sentences]
    for i, sent in enumerate(spans):
        if sent is None or not len(sent):
            continue
        subj = _main_subject(sent)
        if subj is None or not _pointing(subj):
            continue
        name = None
        prev = spans[i - 1] if i > 0 else None
        if any(t.dep_ in _SUBJ and t.i < subj.i and _pointing(t) for t in sent):
            prev = None  # another pronoun subject before it, which no name would replace
        if prev is not None and len(prev):
            if i - 1 in resolved and _same_kind(prev, subj.lower_):
                name = resolved[i - 1]
            else:
                name = _antecedent(prev, subj.lower_)
        if name is not None:
            resolved[i] = name
        out.append(
            PronounSubject(i, Span(article, subj.idx, subj.idx + len(subj.text)), subj.text, name)
        )
    return tuple(out)


def _expletive(it: Token) -> bool:
    """ "It" before the clause it announces ("It is unclear whether ...", "It was feared that
    ...", "It seems that ..."): a linking verb, a verb with a complement or a passive verb,
    governing a clause."""
    from newsfuse.analyze.quotes_speaker import EXPLETIVE_VERBS

    verb = it.head
    heads = [verb, *(c for c in verb.children if c.dep_ in {"acomp", "attr", "oprd"})]
    passive = any(c.dep_ == "auxpass" for c in verb.children)
    if verb.lemma_ not in EXPLETIVE_VERBS and len(heads) == 1 and not passive:
        return False
    return any(c.dep_ in _ANNOUNCED for h in heads for c in h.children)


def _pointing(subj: Token) -> bool:
    """Whether a main clause's subject is a pronoun pointing at what came before: a personal
    pronoun ("he", "they", "it" not an expletive) or a demonstrative standing alone."""
    word = subj.lower_
    if word in _PERSONAL and subj.tag_ == "PRP":
        return word != "it" or not _expletive(subj)
    return (
        word in _DEMONSTRATIVE
        and subj.pos_ in {"PRON", "DET"}
        and not any(c.dep_ in {"relcl", "acl", "prep"} for c in subj.children)
    )


def _same_kind(prev: SpacySpan, pronoun: str) -> bool:
    """Whether the sentence before has a pronoun subject of the same kind ("He ... He ...")."""
    subj = _main_subject(prev)
    return subj is not None and subj.lower_ == pronoun


def _antecedent(prev: SpacySpan, pronoun: str) -> str | None:
    if pronoun in _DEMONSTRATIVE:
        return None  # "this" stands for an event or a statement, never a name
    main = _main_subject(prev)
    if main is not None:
        name = _agreeing_name(main, pronoun)
        if name is not None:
            return name
    names = {
        n
        for t in prev
        if t.dep_ in _SUBJ and t is not main
        for n in [_agreeing_name(t, pronoun)]
        if n is not None
    }
    return names.pop() if len(names) == 1 else None


# ---- in a briefing ---------------------------------------------------------------------------


def subject_of(an: Analysis, i: int) -> PronounSubject | None:
    """The pronoun subject record of sentence ``i`` of ``an``, if it has one."""
    return next((p for p in an.subjects if p.sentence == i), None)


def sentence_at(an: Analysis, offset: int) -> int | None:
    """The index of the sentence of ``an`` that holds character ``offset``."""
    for i, s in enumerate(an.sentences):
        if s.span.start <= offset < s.span.end:
            return i
    return None


def standalone_text(an: Analysis, i: int, text: str, start: int | None = None) -> str | None:
    """``text`` (sentence ``i`` of ``an``, a text starting with it at character ``start`` of
    the article, or a shorter version of it) as it reads alone: a resolved pronoun subject replaced by "[Name]"; None when
    its pronoun subject is not resolved, or when it ends on a colon (it announces what follows:
    a speaker label, the opening of a list). Other texts come back unchanged."""
    if text.rstrip().endswith(":"):
        return None
    ps = subject_of(an, i)
    if ps is None:
        return text
    if ps.name is None:
        return None
    base = an.sentences[i].span.start if start is None else start
    rel = ps.span.start - base
    if rel >= 0 and text[rel : rel + len(ps.text)] == ps.text:
        return f"{text[:rel]}[{ps.name}]{text[rel + len(ps.text) :]}"
    # the text may be a shorter version of the sentence: a cut before the pronoun moves it, and
    # a cut opening ("On Tuesday, she said" -> "She said") capitalises it
    m = re.search(rf"\b{re.escape(ps.text)}\b", text) or re.match(
        rf"{re.escape(ps.text)}\b", text, re.IGNORECASE
    )
    if m is None:
        return None
    return f"{text[: m.start()]}[{ps.name}]{text[m.end() :]}"
