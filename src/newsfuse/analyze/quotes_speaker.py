"""Cue verbs, speaker phrases and pronoun speakers, read off the spaCy dependency parse.

Speaker convention: ``speaker`` is the name the phrase is about (the named entity holding the head
noun: "Rahm Emanuel" for "U.S. Ambassador to Japan Rahm Emanuel", "U.S. State Department" for
"the U.S. State Department"), or the whole phrase when it names nobody ("a Foreign Ministry
official"); the span covers the whole phrase, without appositions or relative clauses after a
comma. A pronoun speaker keeps its span on the pronoun and its ``speaker`` is the resolved name.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING, Any, cast

from newsfuse.analyze.quotes_frames import learned_frames
from newsfuse.analyze.timex_grammar import MONTHS, WEEKDAYS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

#: Verbs that report speech or writing (lemmas).
SPEECH_VERBS: frozenset[str] = frozenset(
    [
        "say",
        "tell",
        "state",
        "add",
        "note",
        "warn",
        "announce",
        "claim",
        "insist",
        "stress",
        "urge",
        "vow",
        "explain",
        "argue",
        "report",
        "write",
        "tweet",
        "declare",
        "acknowledge",
        "admit",
        "assert",
        "reply",
        "respond",
        "answer",
        "ask",
        "suggest",
        "predict",
        "promise",
        "pledge",
        "confirm",
        "deny",
        "emphasize",
        "emphasise",
        "reiterate",
        "recall",
        "remark",
        "comment",
        "complain",
        "contend",
        "maintain",
        "allege",
        "concede",
        "caution",
        "testify",
        "disclose",
        "reveal",
        "mention",
        "indicate",
        "signal",
        "estimate",
        "conclude",
        "agree",
        "disagree",
        "boast",
        "exclaim",
        "lament",
        "proclaim",
        "whisper",
        "mutter",
        "murmur",
        "brag",
        "joke",
        "quip",
        "muse",
        "recount",
        "repeat",
        "charge",
        "accuse",
        "blast",
        "slam",
        "criticize",
        "criticise",
        "praise",
        "thank",
        "question",
        "wonder",
        "demand",
        "propose",
        "recommend",
        "order",
        "threaten",
        "counter",
        "retort",
        "rebut",
        "describe",
        "assure",
        "inform",
        "advise",
        "continue",
        "bark",
        "echo",
        "confess",
        "quote",
        "shout",
        "yell",
        "scream",
        "snap",
        "plead",
        "cite",
        "observe",
        "acknowledge",
        "point",
        "call",
    ]
)

#: Verbs of belief, knowledge and intent, reported only with a clausal complement.
MIND_VERBS: frozenset[str] = frozenset(
    [
        "believe",
        "think",
        "know",
        "feel",
        "hope",
        "fear",
        "expect",
        "worry",
        "doubt",
        "understand",
        "realize",
        "realise",
        "learn",
        "find",
        "show",
        "suggest",
    ]
)

#: Verbs whose content may be an infinitive ("vowed to ...", "urged X to ...").
XCOMP_VERBS: frozenset[str] = frozenset(
    [
        "vow",
        "pledge",
        "promise",
        "urge",
        "threaten",
        "ask",
        "order",
        "warn",
        "call",
        "demand",
        "refuse",
        "agree",
        "plan",
    ]
)

#: Title words dropped from the front of a speaker's name ("Foreign Minister Yoshimasa Hayashi").
TITLES: frozenset[str] = frozenset(
    [
        "president",
        "vice",
        "prime",
        "minister",
        "foreign",
        "finance",
        "defense",
        "defence",
        "secretary",
        "state",
        "ambassador",
        "senator",
        "sen",
        "rep",
        "representative",
        "gov",
        "governor",
        "mayor",
        "chancellor",
        "general",
        "gen",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "chief",
        "director",
        "chairman",
        "chairwoman",
        "chair",
        "ceo",
        "leader",
        "dr",
        "mr",
        "mrs",
        "ms",
        "pm",
        "premier",
        "king",
        "queen",
        "prince",
        "pope",
        "judge",
        "justice",
        "attorney",
        "deputy",
        "top",
        "former",
        "u.s",
        "us",
        "uk",
        "lt",
        "col",
        "sgt",
        "adm",
        "speaker",
        "commissioner",
        "sheriff",
        "officer",
        "official",
        "candidate",
        "nominee",
    ]
)

#: Nouns naming a time, never a speaker ("said at the time", "the day said" misparses).
TIME_NOUNS: frozenset[str] = frozenset(
    [
        "time",
        "moment",
        "day",
        "week",
        "month",
        "year",
        "hour",
        "minute",
        "morning",
        "afternoon",
        "evening",
        "night",
        "weekend",
        "period",
        "date",
        "era",
        "decade",
        "century",
        "season",
        "today",
        "yesterday",
        "tomorrow",
    ]
)
CLOCK_WORDS = frozenset(
    ["am", "pm", "a.m.", "p.m.", "a.m", "p.m", "gmt", "utc", "edt", "est", "bst"]
)

PRONOUNS: frozenset[str] = frozenset(["he", "she", "him", "her", "they", "them", "we", "i"])
_RESOLVABLE: frozenset[str] = frozenset(["he", "she", "him", "her"])
_RELATIVE: frozenset[str] = frozenset(["who", "which", "that"])
_NAME_LABELS = ("PERSON", "ORG", "NORP", "GPE", "FAC")
_SUBJ = ("nsubj", "nsubjpass")
_LEFT_OK = frozenset(
    ["det", "amod", "compound", "poss", "nummod", "nmod", "quantmod", "predet", "case", "punct"]
)
_BREAKS = frozenset(',();:—–"“”‘’')
_CLIMB = ("xcomp", "advcl", "pcomp", "prep", "pobj", "conj", "ccomp", "parataxis", "acomp")


def is_clock(tok: Token) -> bool:
    """A clock word after a number ("5 PM", "0800 GMT")."""
    prev = tok.nbor(-1) if tok.i > 0 else None
    return tok.lower_ in CLOCK_WORDS and prev is not None and any(c.isdigit() for c in prev.text)


def is_time_word(tok: Token) -> bool:
    """True for a token that names a time: a DATE/TIME entity word, a time noun ("the time"),
    or a clock word."""
    return tok.ent_type_ in ("DATE", "TIME") or tok.lemma_.lower() in TIME_NOUNS or is_clock(tok)


_CALENDAR = frozenset(MONTHS + WEEKDAYS)
_WEEKDAYS = frozenset(WEEKDAYS)


def valid_speaker(tok: Token) -> bool:
    """A speaker head names a person, organisation or role ("the 46-year-old", "Kristen Day"):
    never a time ("the time", "Saturday", "5 PM") nor punctuation."""
    if tok.is_punct or is_clock(tok):
        return False
    if tok.pos_ == "NOUN" and tok.lemma_.lower() in TIME_NOUNS:
        return False
    if tok.ent_type_ in ("DATE", "TIME") and (tok.pos_ == "NUM" or tok.lower_ in _CALENDAR):
        return False
    if tok.lower_ in _WEEKDAYS:  # "MONDAY: …", whatever entity the tagger saw
        return False
    return tok.lower_ not in ("today", "yesterday", "tomorrow", "tonight")


_SPEAKER_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
# entity types no speaker is: a time or an amount ("the time", "another $40 million")
_NOT_SPEAKERS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"})


def names_speaker(doc: Doc, head: Token, left: int, right: int) -> bool:
    """Whether the speaker phrase ``doc[left:right]`` headed by ``head`` names a person, an
    organisation or a role: it holds a PERSON, ORG, NORP or GPE name, or its head is a proper or
    common noun that is no time and no amount. A part of a group is judged by the group ("one
    of the protesters", "thousands of people"). Never a pronoun that names nobody ("what",
    "everyone", "some"), a number, an adjective or a verb the parser took for a subject. A
    name in capitals (a transcript's label, "SMITH: ...") is a name, whatever its tag."""
    if any(t.ent_type_ in _SPEAKER_LABELS for t in doc[left:right]):
        return True
    if head.is_alpha and len(head) > 1 and head.is_upper:
        return valid_speaker(head)  # a transcript's label, "SMITH: ...", whatever tag it has
    tok = head
    while tok.pos_ not in ("NOUN", "PROPN") or tok.ent_type_ in _NOT_SPEAKERS:
        of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        part = next((c for c in of.children if c.dep_ == "pobj"), None) if of else None
        if part is None:
            return False
        tok = part
    return not is_time_word(tok) and valid_speaker(tok)


def person_in(tok: Token) -> Token | None:
    """The head of the first person named in ``tok``'s subtree ("Saturday at the convention Sen.
    Elizabeth Warren", misparsed with the day as head), else None."""
    starts, ents = _persons(tok.doc)
    lo, hi = tok.left_edge.i, tok.right_edge.i + 1
    # entities do not overlap, so their ends rise with their starts: the first one starting at
    # or after ``lo`` is the only one that can be the first inside
    k = bisect_left(starts, lo)
    if k < len(ents) and ents[k].end <= hi:
        return ents[k].root
    return None


def is_cue(tok: Token, *, mind: bool = True) -> bool:
    """True for a verb token that reports speech (or, with ``mind``, a belief)."""
    # a verb the tagger read as a plural noun with a clause of its own ("Trump predicts that …")
    misread = tok.tag_ == "NNS" and any(c.dep_ == "ccomp" and c.i > tok.i for c in tok.children)
    if (
        tok.pos_ not in ("VERB", "AUX")
        and tok.tag_ not in ("VBD", "VBZ", "VBP", "VBG", "VBN")
        and not misread
    ):
        return False
    lemma = tok.lemma_.lower()
    if lemma == "point":
        return any(c.dep_ == "prt" and c.lower_ == "out" for c in tok.children)
    return lemma in SPEECH_VERBS or (mind and lemma in MIND_VERBS)


def subject_of(verb: Token) -> Token | None:
    """The subject of ``verb``, climbing through non-finite and coordinated verbs if needed.

    A relative pronoun subject ("Hayashi, who said ...") is returned as is: like a personal
    pronoun, it is the speaker's words and :func:`antecedent` names it.
    """
    tok: Token | None = verb
    crossed = False
    for _ in range(6):
        if tok is None:
            return None
        # two subjects on one verb are a misparse ("…in Salem, New Hampshire, Trump went"): the
        # one nearest the verb first
        for child in sorted(tok.children, key=lambda c: abs(c.i - tok.i) if tok else 0):
            if child.dep_ in _SUBJ:
                if child.lower_ in _RELATIVE and tok.dep_ == "relcl":
                    named = tok.head.pos_ in ("PROPN", "NOUN", "PRON")
                    return child if named and valid_speaker(tok.head) else None
                if child.lower_ == "it" and _referring_it(child, tok):
                    return child
                if child.lower_ in ("it", "there", "which", "that", "this"):
                    return None
                lo, hi = sorted((child.i, verb.i))
                if any("\n" in t.text or "\n" in t.whitespace_ for t in verb.doc[lo:hi]):
                    crossed = True  # a subject across a paragraph break is a misparse
                    continue
                return child
        if crossed:  # "9:30 p.m. / Donald Trump says": another subject on the verb's line won
            return None
        reduced = _reduced_relative_subject(tok)
        if reduced is not None:
            return reduced
        if tok.dep_ in ("relcl", "acl") and tok.head.pos_ in ("NOUN", "PROPN"):
            return _issuer(tok.head) or tok.head
        if tok.dep_ not in _CLIMB or tok.head is tok:
            return None
        tok = tok.head
    return None


def _reduced_relative_subject(verb: Token) -> Token | None:
    """The noun a participle modifies when the parser made the participle the clausal subject
    ("Voters going to the polls said ...": voters), else None."""
    for child in verb.children:
        if child.dep_ == "csubj" and child.tag_ in ("VBG", "VBN"):
            noun = next((c for c in child.children if c.dep_ in _SUBJ and c.i < child.i), None)
            if noun is not None and noun.pos_ in ("NOUN", "PROPN"):
                return noun
    return None


#: Documents that speak for whoever issued them ("issued a statement saying ...").
_DOCUMENTS = frozenset(
    ["statement", "release", "letter", "memo", "tweet", "post", "note", "report", "video", "ad"]
)
_ISSUING = frozenset(["issue", "release", "send", "post", "publish", "put", "tweet", "write"])


def _issuer(noun: Token) -> Token | None:
    """The subject of the verb that issued a document ("Black Lives Matter issued a statement
    saying ...": Black Lives Matter), else None."""
    verb = noun.head
    if noun.lemma_.lower() not in _DOCUMENTS or noun.dep_ != "dobj":
        return None
    if verb.lemma_.lower() not in _ISSUING:
        return None
    return next((c for c in verb.children if c.dep_ == "nsubj"), None)


#: Verbs whose subject "it" is a placeholder ("it seems that", "it is expected to").
#: verbs whose subject "it" is a placeholder for a clause ("it seems that ...")
EXPLETIVE_VERBS = frozenset(
    ["be", "seem", "appear", "look", "sound", "remain", "become", "happen", "turn", "matter"]
)


def _referring_it(it: Token, verb: Token) -> bool:
    """True when the subject "it" of a speech verb refers to a speaker ("It said in a
    statement that ...", "It refused to comment"), not a placeholder ("it seems that")."""
    return (
        it.dep_ == "nsubj"
        and (verb.lemma_.lower() in SPEECH_VERBS or verb.lemma_.lower() in learned_frames())
        and verb.lemma_.lower() not in EXPLETIVE_VERBS
    )


def agent_of(verb: Token) -> Token | None:
    """The ``by``-agent of a passive cue ("was told by officials")."""
    for child in verb.children:
        if child.dep_ == "agent":
            for grand in child.children:
                if grand.dep_ == "pobj":
                    return grand
    return None


def _breaks(tok: Token) -> bool:
    return tok.text in _BREAKS or "\n" in tok.text or "\n" in tok.whitespace_ or spaced_dash(tok)


def spaced_dash(tok: Token) -> bool:
    """A hyphen or dash standing alone between spaces ("Pollsters agree - Pat Lee:")."""
    if tok.text not in ("-", "–", "—") or not tok.whitespace_ or tok.i == 0:
        return False
    return bool(tok.doc[tok.i - 1].whitespace_)


def _noun_modifier(tok: Token) -> bool:
    """A post-modifier kept on a common-noun speaker ("sources close to her campaign", "a poll
    taken last week", "an article in Politico"), unless it only gives a date or time."""
    if tok.dep_ not in ("prep", "acl", "amod"):
        return False
    if tok.dep_ == "prep" and _gives_time(tok):  # "Trump at the time said"
        return False
    return not any(t.ent_type_ in ("DATE", "TIME") for t in tok.subtree)


def _gives_time(prep: Token) -> bool:
    """A prepositional phrase whose object is a time ("Trump at the time", "… for the day")."""
    obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if obj is None:
        return False
    return obj.ent_type_ in ("DATE", "TIME") or (
        obj.pos_ == "NOUN" and obj.lemma_.lower() in TIME_NOUNS  # not "USA Today"
    )


def phrase_bounds(head: Token) -> tuple[int, int]:
    """Token range ``[i, j)`` of the noun phrase headed by ``head``.

    Left modifiers (determiners, adjectives, compounds, possessives), following compounds, an
    ``of``/``for``/``at``/``to``/``with``/``from`` phrase, coordinated names, and an apposition
    after a comma ("Robert Klein, chairman of the institute"); never across a line break.
    """
    doc = head.doc
    left = head.i
    for child in reversed(list(head.lefts)):
        if child.dep_ not in _LEFT_OK:
            break
        left = child.left_edge.i
    for k in range(head.i - 1, left - 1, -1):
        if _breaks(doc[k]):
            left = k + 1
            break
    right = head.i + 1
    rights = list(head.rights)
    appos: Token | None = None
    for n, tok in enumerate(rights):
        if tok.text == "," and tok.i == right and n + 1 < len(rights):
            nxt = rights[n + 1]
            if nxt.dep_ == "appos" and nxt.left_edge.i == tok.i + 1:
                appos = nxt
            break
        if tok.left_edge.i != right and not (tok.dep_ == "conj" and doc[right].dep_ == "cc"):
            break
        if (
            tok.dep_ in ("compound", "flat", "nummod", "case", "appos")
            or tok.dep_ == "prep"
            and tok.lower_ in ("of", "for", "at", "to", "with", "from")
            and not _gives_time(tok)
            or (head.pos_ == "NOUN" and _noun_modifier(tok))
        ):
            right = tok.right_edge.i + 1
        elif tok.dep_ == "cc":
            continue
        elif tok.dep_ == "conj" and tok.pos_ in ("PROPN", "NOUN"):
            right = tok.i + 1
        else:
            break
    for k in range(head.i + 1, right):
        if _breaks(doc[k]) and not doc[k].is_space:
            right = k
            break
    if appos is not None and right == appos.left_edge.i - 1:
        end = appos.right_edge.i + 1
        cut = next((k for k in range(appos.i, end) if "\n" in doc[k].whitespace_), None)
        right = end if cut is None else cut + 1
    for k in range(head.i - 1, left - 1, -1):  # "at 5 PM BP said": the time is not the speaker
        if is_clock(doc[k]):
            left = k + 1
            break
    while left < right - 1 and (doc[left].is_punct or doc[left].is_space):
        left += 1
    while right - 1 > left and (doc[right - 1].is_punct or doc[right - 1].is_space):
        right -= 1
    return left, right


def _name_head(head: Token) -> Token:
    """The token carrying the name: an apposed name right after a title ("Ambassador ... Rahm
    Emanuel") or the head itself."""
    for child in head.rights:
        if child.dep_ == "appos" and child.pos_ == "PROPN":
            between = head.doc[head.i + 1 : child.left_edge.i + 1]  # "Gillibrand (D-NY)": no
            if not any(t.text in _BREAKS for t in between):
                return child
    return head


_ENTS_KEY = ("newsfuse.quotes", "ents")


def _ents(doc: Doc) -> tuple[SpacySpan, ...]:
    """``doc.ents``, built once per document (spaCy rebuilds the tuple on each access)."""
    # spaCy's own extensions key user_data by tuples too; its stubs say str
    cache = cast("dict[object, Any]", doc.user_data)
    ents = cache.get(_ENTS_KEY)
    if ents is None:
        ents = cache[_ENTS_KEY] = tuple(doc.ents)  # a tuple already; the stubs say Sequence
    return ents


_ENT_OF_KEY = ("newsfuse.quotes", "ent_of")
_PERSONS_KEY = ("newsfuse.quotes", "persons")


def _ent_of(doc: Doc, i: int) -> SpacySpan | None:
    """The entity token ``i`` is in, else None (an index built once per document: entities do
    not overlap, and looking each token up in the list of all of them was quadratic)."""
    cache = cast("dict[object, Any]", doc.user_data)
    index = cache.get(_ENT_OF_KEY)
    if index is None:
        index = [None] * len(doc)
        for e in _ents(doc):
            for j in range(e.start, e.end):
                index[j] = e
        cache[_ENT_OF_KEY] = index
    return cast("SpacySpan | None", index[i])


def _persons(doc: Doc) -> tuple[list[int], list[SpacySpan]]:
    """The PERSON entities of ``doc`` in order, with their first token indices."""
    cache = cast("dict[object, Any]", doc.user_data)
    found = cache.get(_PERSONS_KEY)
    if found is None:
        ents = [e for e in _ents(doc) if e.label_ == "PERSON"]
        found = cache[_PERSONS_KEY] = ([e.start for e in ents], ents)
    return cast("tuple[list[int], list[SpacySpan]]", found)


def _is_title(tok: Token) -> bool:
    return tok.lower_.rstrip(".") in TITLES


def name_in_phrase(doc: Doc, head: Token, left: int, right: int) -> str:
    """The name a speaker phrase is about (see the module docstring), else the phrase text."""
    if any(c.dep_ == "conj" and left <= c.i < right for c in head.children):
        return doc[left:right].text  # several speakers: "Hayashi and Blinken"
    name = _name_head(head)
    own = _ent_of(doc, name.i)
    in_entity = own is not None
    if name.pos_ != "PROPN" or not (in_entity or is_person_name(doc, head)):
        return doc[left:right].text
    lo = name.i
    while (
        lo - 1 >= left
        and doc[lo - 1].dep_ in ("compound", "flat")
        and doc[lo - 1].pos_ in ("PROPN", "NOUN")
        and name in doc[lo - 1].ancestors
        and not is_clock(doc[lo - 1])
    ):
        lo -= 1
    if own is not None and own.label_ == "PERSON":
        lo = max(lo, own.start)
    person = is_person_name(doc, head)
    # a title outside the name's own entity is not part of an organisation's name ("PM BP")
    while lo < name.i and (
        doc[lo].lower_ == "the"
        or (_is_title(doc[lo]) and (person or own is None or lo < own.start))
    ):
        lo += 1
    return doc[lo : name.i + 1].text


def is_person_name(doc: Doc, head: Token) -> bool:
    """True when the phrase headed by ``head`` names a person (PERSON entity, or a proper name
    after a title, or a proper name outside any non-person entity)."""
    name = _name_head(head)
    if name.pos_ != "PROPN":
        return False
    own = _ent_of(doc, name.i)
    labels = {own.label_} if own is not None else set()
    if "PERSON" in labels:
        return True
    if name is not head and _is_title(head):
        return True
    return not labels and any(_is_title(t) for t in doc[head.left_edge.i : name.i])


def antecedent(tok: Token) -> Token | None:
    """The noun a relative pronoun subject stands for ("Martin O'Malley, who noted ..."), else
    None."""
    verb = tok.head
    if tok.lower_ in _RELATIVE and tok.dep_ in _SUBJ and verb.dep_ == "relcl":
        return verb.head
    return None


def is_pronoun(tok: Token) -> bool:
    return tok.lower_ in PRONOUNS and tok.pos_ == "PRON"


def person_subjects(doc: Doc) -> list[tuple[int, str]]:
    """``(char offset, name)`` of each clause subject that names a person."""
    out: list[tuple[int, str]] = []
    for tok in doc:
        if tok.dep_ in _SUBJ and not is_pronoun(tok) and is_person_name(doc, tok):
            left, right = phrase_bounds(tok)
            out.append((tok.idx, name_in_phrase(doc, tok, left, right)))
    return out


def resolve_pronoun(pron: Token, candidates: list[tuple[int, str]]) -> str | None:
    """The nearest preceding candidate name for a he/she pronoun, else None."""
    if pron.lower_ not in _RESOLVABLE:
        return None
    best: tuple[int, str] | None = None
    for pos, name in candidates:
        if pos < pron.idx and (best is None or pos > best[0]):
            best = (pos, name)
    return best[1] if best else None
