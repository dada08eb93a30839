"""Entities merged across the articles of a story and across spellings.

:func:`merge_entities` takes the per-article analyses of one story and groups their named-entity
mentions into :class:`~newsfuse.model.Entity` records:

1. each mention is trimmed of NER noise (a line break inside the span, "Facebook/@", "PM ",
   a possessive, a headline run-on "Lindsay Lohan Checks Into Rehab") and keyed so spellings
   compare ("U.S." = "US", "the Foreign Ministry");
2. mentions with the same key form one *form*; forms are joined by rules, in this order:
   the alias table and acronyms ("US" = "United States"), person names that are reordered or
   misspelt ("Hayashi Yoshimasa" = "Yohimasa Hayashi" = "Yoshimasa Hayashi"), shorter names of
   organisations, facilities and places ("Kyodo" / "Kyodo News", "Qeshm" / "Qeshm Island"),
   and a one-word name that is a word of one full person name in the story ("Hayashi");
3. each group's type is voted: over its multi-word forms when it has any (full names are tagged
   more reliably than surnames), else over all its mentions; a person-tagged name ending in an
   organisation word ("... Blog", "... News") is an organisation;
4. titles written before or after a person's name are recorded, and a definite title used alone
   ("the Japanese foreign minister") becomes a mention of the one person carrying it
   (:mod:`newsfuse.crosscheck.entities_titles`); spellings of a person that NER missed are
   found by string search;
5. the canonical name is the full form most articles use.

The name rules are in :mod:`newsfuse.crosscheck.entities_names`. See docs/entities.md for the
steps in detail and the choices (capitals are not their governments, nationalities are not their
countries).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz, process

from newsfuse.crosscheck import entities_names as nm
from newsfuse.crosscheck import entities_titles as tt
from newsfuse.model import Analysis, Entity, Mention, Span
from newsfuse.unionfind import UnionFind

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
GROUP_LABELS = frozenset({"ORG", "FAC"})
# type preference when a vote is tied
_LABEL_ORDER = ("PERSON", "GPE", "ORG", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "LAW")


@dataclass(frozen=True, slots=True)
class EntityIndex:
    """The merged entities of a story and the mentions with corrected labels.

    ``entities`` are sorted by salience (articles, then mentions). ``relabeled`` has one Mention
    per input mention, in input order, with the span trimmed of NER noise, the voted label and
    ``canonical`` set (None for mentions judged not to be names, e.g. "State" inside "Secretary of
    State"). ``title_mentions`` are the extra person mentions found from a title used alone;
    ``found_mentions`` are places where a person's spelling is written but NER missed it.
    """

    entities: list[Entity]
    relabeled: tuple[Mention, ...] = ()
    title_mentions: tuple[Mention, ...] = ()
    found_mentions: tuple[Mention, ...] = ()
    _by_span: dict[Span, str] = field(default_factory=dict, repr=False, compare=False)
    _by_article: dict[str, list[tuple[Span, str]]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def canonical_of(self, span: Span) -> str | None:
        """The canonical name of the entity mentioned at ``span`` (original or trimmed span).

        Falls back to the mention overlapping ``span`` most in the same article, else None.
        """
        hit = self._by_span.get(span)
        if hit is not None:
            return hit
        best: tuple[int, str] | None = None
        for s, name in self._by_article.get(span.article, ()):
            if s.start < span.end and span.start < s.end:
                overlap = min(s.end, span.end) - max(s.start, span.start)
                if best is None or overlap > best[0]:
                    best = (overlap, name)
        return best[1] if best else None

    def get(self, name: str) -> Entity | None:
        """The entity with canonical ``name``, if any."""
        return next((e for e in self.entities if e.name == name), None)


@dataclass(slots=True)
class _Occ:
    """One mention occurrence, trimmed."""

    index: int
    mention: Mention
    span: Span
    text: str
    key: str
    title: str | None
    label: str = ""
    dropped: bool = False


@dataclass(slots=True)
class _Form:
    """All occurrences sharing one key."""

    key: str
    occs: list[_Occ]
    labels: Counter[str]

    @property
    def label(self) -> str:
        return _vote(self.labels)

    @property
    def articles(self) -> set[str]:
        return {o.span.article for o in self.occs}

    @property
    def multiword(self) -> bool:
        return len(nm.key_tokens(self.key)) >= 2


def _vote(labels: Counter[str]) -> str:
    if not labels:
        return "ORG"
    top = max(labels.values())
    tied = [lab for lab, n in labels.items() if n == top]
    return min(tied, key=lambda lab: _LABEL_ORDER.index(lab) if lab in _LABEL_ORDER else 99)


# ---- building forms -----------------------------------------------------------------------------


# a name cut after a joining word: "Group of" in "the Group of Seven advanced nations"
_CUT_TAIL = re.compile(r"\s(?:of|for|and|the|de|del|du|von|van)$", re.IGNORECASE)
_CAPITALISED_RUN = re.compile(r"[ \t]+((?:[A-Z][\w'’-]*)(?:[ \t]+[A-Z][\w'’-]*){0,2})")


def _complete(m: Mention, text: str) -> Mention:
    """``m`` with the capitalised words that follow it when the NER span stopped after a
    joining word ("Group of" + "Seven" -> "Group of Seven")."""
    if not _CUT_TAIL.search(m.text) or text[m.span.start : m.span.end] != m.text:
        return m
    run = _CAPITALISED_RUN.match(text, m.span.end)
    if run is None:
        return m
    end = run.end(1)
    return Mention(Span(m.span.article, m.span.start, end), text[m.span.start : end], m.label)


def _occurrences(analyses: Sequence[Analysis]) -> list[_Occ]:
    occs: list[_Occ] = []
    i = 0
    for an in analyses:
        for m in an.mentions:
            m = _complete(m, an.article.text)
            lo, hi, title = nm.trim_mention(m.text, m.label)
            text = m.text[lo:hi]
            key = nm.name_key(text) if text else ""
            span = Span(m.span.article, m.span.start + lo, m.span.start + hi) if text else m.span
            occs.append(_Occ(i, m, span, text, key, title, m.label, dropped=not key))
            i += 1
    return occs


def _in_headline(text: str, span: Span) -> bool:
    """Whether ``span`` sits on a title-cased line of three words or more (a headline)."""
    lo = text.rfind("\n", 0, span.start) + 1
    hi = text.find("\n", span.end)
    line = text[lo : hi if hi >= 0 else len(text)]
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", line) if w.lower() not in _SMALL_WORDS]
    if len(words) < 3:
        return False
    return sum(w[0].isupper() for w in words) >= 0.8 * len(words)


_SMALL_WORDS = frozenset(
    {"a", "an", "the", "of", "in", "on", "to", "for", "and", "at", "by", "with"}
)


def _strip_leading_words(o: _Occ, common: set[str], known: Counter[str]) -> None:
    """Drop common words before a person's name ("Receptionist Madeline Kafoury").

    The leading capitalised words that are lower-case words elsewhere in the story go, as long
    as two capitalised words stay, and only if they name a role or what stays is a name written
    elsewhere (``known`` counts the keys): "Mark Jay Heller" keeps its "Mark". A dropped phrase
    with a role word is kept as a title.
    """
    words = list(re.finditer(r"\S+", o.text))
    n = 0
    while (
        len(words) - n > 2
        and words[n].group()[:1].isupper()
        and (nm.fold(words[n].group()) in common)
    ):
        n += 1
    if not n or not all(w.group()[:1].isupper() for w in words[n:]):
        return
    cut = words[n].start()
    dropped = o.text[:cut].strip()
    if not nm.has_role(dropped) and not known[nm.name_key(o.text[cut:])]:
        return
    if nm.has_role(dropped) and o.title is None:
        o.title = dropped
    o.span = Span(o.span.article, o.span.start + cut, o.span.end)
    o.text = o.text[cut:]
    o.key = nm.name_key(o.text)


def _repair_runons(occs: Sequence[_Occ], common: set[str], texts: dict[str, str]) -> None:
    """Cut a span that runs a known person's name into other words down to the name.

    Headlines are title-cased, so NER tags "Lindsay Lohan Checks Into Rehab" or "Having Jackman"
    as one name. A span containing a full name used at least twice as often as the span itself
    is cut to that name; a span containing a one-word name used at least three times as a
    person is cut to it when its other words are common lower-case words of the story, or when
    the span is a one-off on a headline line ("Obama Reverses Bush" -> "Obama").
    """
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    all_counts: Counter[str] = Counter()
    for o in occs:
        if not o.dropped:
            all_counts[o.key] += 1
            labels[o.key][o.label] += 1
    person_counts = Counter({k: c["PERSON"] for k, c in labels.items() if not nm.is_org_name(k)})
    persons = {k for k, n in person_counts.items() if n and n == max(labels[k].values())}
    # the most used name first: "Lindsay Lohan", not another run-on "Lindsay Lohan Checks"
    full = sorted(
        (k for k in persons if len(k.split()) >= 2), key=lambda k: (-all_counts[k], -len(k), k)
    )
    full_words = [f.split() for f in full]
    full_starting: dict[str, list[int]] = defaultdict(list)  # first word -> indices into full
    for i, ft in enumerate(full_words):
        full_starting[ft[0]].append(i)
    # one-word person names: tagged so, or a word of a full name used twice ("Teixeira")
    name_words = {t for k in full if all_counts[k] >= 2 for t in k.split()}
    single = {
        k
        for k in all_counts
        if " " not in k
        and all_counts[k] >= 3
        and ((k in persons and person_counts[k] >= 3) or k in name_words)
    }
    for o in occs:
        toks = o.key.split()
        if o.dropped or len(toks) < 2:
            continue
        if o.label == "PERSON" and len(toks) >= 3:
            _strip_leading_words(o, common, all_counts)
            toks = o.key.split()
        found = None
        # a full name inside the span starts with one of its words: try only those, in order
        for i in sorted({i for t in set(toks) for i in full_starting.get(t, ())}):
            ft = full_words[i]
            if (
                len(ft) < len(toks)
                and all_counts[full[i]] >= 2 * all_counts[o.key]
                and nm.contains_words(toks, ft)
            ):
                found = ft
                break
        if found is None:
            hits = [t for t in toks if t in single]
            rest = [t for t in toks if t not in single]
            # words after the name ("Teixeira - eight years"), or before it when another full
            # name has that surname ("Choosing DeGeneres" beside "Ellen DeGeneres"), so a given
            # name that is also a word ("Mark Teixeira") stays
            if (
                len(hits) == 1
                and all_counts[hits[0]] >= 2 * all_counts[o.key]
                and all(t in common for t in rest)
                and (
                    toks[0] == hits[0]
                    or any(
                        f != o.key and hits[0] in f.split() and not set(rest) & set(f.split())
                        for f in full
                    )
                )
            ) or (
                hits
                and all_counts[o.key] == 1
                and all(all_counts[h] >= 3 for h in hits)
                and _in_headline(texts.get(o.span.article, ""), o.span)
            ):
                found = hits[:1]
        if found is None:
            continue
        pat = r"\W+".join(re.escape(t) for t in found)
        m = re.search(rf"(?<!\w){pat}(?!\w)", nm.fold(o.text))
        if m is None:
            continue
        start = o.span.start + m.start()
        o.span = Span(o.span.article, start, start + m.end() - m.start())
        o.text = o.text[m.start() : m.end()]
        o.key = nm.name_key(o.text)
        o.label = "PERSON"


def _forms(occs: Sequence[_Occ]) -> dict[str, _Form]:
    forms: dict[str, _Form] = {}
    for o in occs:
        if o.dropped:
            continue
        f = forms.setdefault(o.key, _Form(o.key, [], Counter()))
        f.occs.append(o)
        f.labels[o.label] += 1
    for f in forms.values():
        if nm.is_org_name(f.key) and f.labels.get("PERSON"):
            f.labels["ORG"] += f.labels.pop("PERSON")
    return forms


# ---- joining forms -------------------------------------------------------------------------------


def _join_aliases(forms: dict[str, _Form], uf: UnionFind[str]) -> None:
    """Alias table and acronyms, for names that are not persons."""
    by_alias: dict[str, list[str]] = defaultdict(list)
    for k, f in forms.items():
        if f.label != "PERSON":
            by_alias[nm.alias_key(k)].append(k)
    for keys in by_alias.values():
        for k in keys[1:]:
            uf.union(keys[0], k)
    long_by_initials: dict[str, set[str]] = defaultdict(set)
    for k, f in forms.items():
        if f.label == "PERSON" or not f.multiword:
            continue
        surface = Counter(o.text for o in f.occs).most_common(1)[0][0]
        ini = nm.initials(surface)
        if len(ini) >= 2:
            long_by_initials[ini].add(k)
    for k, f in forms.items():
        if f.label == "PERSON":
            continue
        acr = {a for o in f.occs if (a := nm.acronym_of(o.text)) is not None}
        for a in acr:
            cands = {uf.find(c) for c in long_by_initials.get(a, set())}
            if len(cands) == 1:
                uf.union(k, cands.pop())


def _join_person_names(forms: dict[str, _Form], uf: UnionFind[str]) -> list[str]:
    """Multi-word person names that match (order, typos, middle names). Returns their keys."""
    full = [k for k, f in forms.items() if f.multiword and f.label == "PERSON"]
    # two names that match share a word (equal words, a first word, or one exact word among
    # close ones), so only the names sharing a word are compared, in the same order as all pairs
    having: dict[str, list[int]] = defaultdict(list)
    for i, a in enumerate(full):
        for t in dict.fromkeys(nm.key_tokens(a)):
            having[t].append(i)
    matches: dict[str, set[str]] = defaultdict(set)
    for i, a in enumerate(full):
        later = sorted({j for t in set(nm.key_tokens(a)) for j in having[t] if j > i})
        for j in later:
            b = full[j]
            if nm.names_match(a, b):
                matches[a].add(b)
                matches[b].add(a)
    # a name matching two names that differ ("George Bush": "George H. W." and "George W.")
    # joins neither, so the two stay apart
    ambiguous = {
        a
        for a, ms in matches.items()
        if any(not nm.names_match(b, c) for b in ms for c in ms if b < c)
    }
    for a, ms in matches.items():
        for b in ms:
            if a not in ambiguous and b not in ambiguous:
                uf.union(a, b)
    # a name run on into the next words ("Lindsay Lohan Checks Into Rehab" in a headline)
    # a shorter name inside ``a`` starts with one of its words
    starting: dict[str, list[str]] = defaultdict(list)
    for b in full:
        starting[b.split()[0]].append(b)
    for a in full:
        ta = a.split()
        cands = {
            uf.find(b)
            for t in set(ta)
            for b in starting[t]
            if len(b.split()) < len(ta) and nm.contains_words(ta, b.split())
        }
        if len(cands) == 1:
            uf.union(a, cands.pop())
    return full


def _join_group_names(forms: dict[str, _Form], uf: UnionFind[str]) -> None:
    """Organisation, facility and place names that are shorter forms of one longer name.

    "Kyodo" starts "Kyodo News"; "Parliament" is "Greek Parliament" without its nationality;
    "Betty Ford Clinic" and "Betty Ford Center" differ in a generic last word; "Qeshm" is
    "Qeshm Island" and "Hormozgan" is "Hormozgan Province".
    """
    groups = [k for k, f in forms.items() if f.label in GROUP_LABELS]
    places = {k for k, f in forms.items() if f.label in PLACE_LABELS | {"NORP"}}
    # each condition below puts the first word of ``k`` among the words of ``other``
    having: dict[str, list[str]] = defaultdict(list)
    for other in groups:
        for t in dict.fromkeys(other.split()):
            having[t].append(other)
    for k in groups:
        toks = k.split()
        cands = set()
        for other in having[toks[0]] if toks else groups:
            otoks = other.split()
            if other == k or len(otoks) <= len(toks):
                continue
            lead = " ".join(otoks[: len(otoks) - len(toks)])
            if (
                otoks[: len(toks)] == toks
                or (len(toks) >= 2 and nm.contains_words(otoks, toks))
                or (otoks[-len(toks) :] == toks and lead in places)
            ):
                cands.add(uf.find(other))
        if len(cands) == 1:
            uf.union(k, cands.pop())
    for k in places:
        core = nm.place_core(k)
        if core != k and core in places:
            uf.union(k, core)
    # the same facility with another generic head ("Betty Ford Clinic" / "Betty Ford Center")
    by_core: dict[str, list[str]] = defaultdict(list)
    core_of = {k: nm.facility_core(k) for k in groups}
    cores_of_others = {c for o, c in core_of.items() if c != o}  # k == core(o) for an o != k
    for k in groups:
        core = core_of[k]
        if core != k or k in cores_of_others:
            by_core[core].append(k)
    for keys in by_core.values():
        for k in keys[1:]:
            uf.union(keys[0], k)


def _dominant(roots: set[str], size: Counter[str], ratio: int = 3) -> str | None:
    """The only candidate, or the one mentioned ``ratio`` times as often as any other."""
    if len(roots) == 1:
        return next(iter(roots))
    if not roots:
        return None
    ranked = sorted(roots, key=lambda r: (-size[r], r))
    return ranked[0] if size[ranked[0]] >= ratio * size[ranked[1]] else None


def _person_evidence(occs: Sequence[_Occ]) -> None:
    """Tag as a person a short name ending in a word mostly tagged as a person.

    NER tags "Bettie Page" as an organisation thirty times while tagging "Page" a person: a
    two- or three-word capitalised name (not ending in an organisation word) whose last word is,
    on its own, tagged PERSON at least three times and more often than anything else, or which
    is itself tagged PERSON in a third of its mentions ("Paul Riva": ORG 3, PERSON 2), is a
    person's name.
    """
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    for o in occs:
        if not o.dropped:
            labels[o.key][o.label] += 1
    surnames = {
        k
        for k, c in labels.items()
        if " " not in k and c["PERSON"] >= 3 and c["PERSON"] == max(c.values())
    }
    for o in occs:
        toks = o.key.split()
        if (
            not o.dropped
            and 2 <= len(toks) <= 3
            and (toks[-1] in surnames or labels[o.key]["PERSON"] * 3 >= labels[o.key].total())
            and o.label in {"ORG", "WORK_OF_ART", "PRODUCT", "GPE", "NORP", "FAC", "LOC"}
            and not nm.is_org_name(o.key)
            and all(t[:1].isupper() for t in o.text.split())
        ):
            o.label = "PERSON"


_LOCATIVE = re.compile(r"\b(?:in|to|from|at|near|into|across|of|outside)\s+(?:the\s+)?$", re.I)


def _place_like(form: _Form, texts: dict[str, str]) -> bool:
    """Whether a third or more of a name's mentions follow a locative ("in", "to", "from")."""
    n = sum(
        bool(
            _LOCATIVE.search(
                texts.get(o.span.article, "")[max(0, o.span.start - 12) : o.span.start]
            )
        )
        for o in form.occs
    )
    return n * 3 >= len(form.occs)


class _NameWords:
    """The words of full person names, to find the names a one-word key is a word of
    (``token_matches``) without trying every name: an exact word by lookup, a long word's typos
    by one fuzzy search over the distinct words."""

    def __init__(self, keys: Sequence[str]) -> None:
        self.keys = list(dict.fromkeys(keys))
        self.by_word: dict[str, list[int]] = defaultdict(list)
        for i, key in enumerate(self.keys):
            for t in dict.fromkeys(nm.key_tokens(key)):
                self.by_word[t].append(i)
        self.words = list(self.by_word)

    def names_with(self, token: str) -> list[str]:
        """The keys ``fk`` with ``token_matches(token, fk)``, in the order first given."""
        found = set(self.by_word.get(token, ()))
        if len(token) >= 6:
            for word, _, _ in process.extract(
                token, self.words, scorer=fuzz.ratio, score_cutoff=85, limit=None
            ):
                found.update(self.by_word[word])
        return [self.keys[i] for i in sorted(found)]


def _join_single_names(
    forms: dict[str, _Form],
    uf: UnionFind[str],
    full_person_keys: Sequence[str],
    texts: dict[str, str],
) -> None:
    """A one-word name that is a word of exactly one full person name in the story."""
    if not full_person_keys:
        return
    full_articles: dict[str, set[str]] = defaultdict(set)
    for k in full_person_keys:
        full_articles[uf.find(k)] |= forms[k].articles
    size: Counter[str] = Counter()
    for k, f in forms.items():
        size[uf.find(k)] += len(f.occs)
    words = _NameWords(full_person_keys)
    for k, f in forms.items():
        if f.multiword or len(k) < 2:
            continue
        label = f.label
        cands = {uf.find(fk) for fk in words.names_with(k)}
        cands.discard(uf.find(k))
        root = _dominant(cands, size)
        if root is None:
            continue
        person_tagged = f.labels.get("PERSON", 0) > 0
        co_occurs = bool(f.articles & full_articles[root])
        # a place tag counts against it only where the word is used like a place ("to Jordan")
        if person_tagged or (
            co_occurs and (label not in PLACE_LABELS or not _place_like(f, texts))
        ):
            uf.union(k, root)


# ---- noise ----------------------------------------------------------------------------------------


def _common_words(analyses: Sequence[Analysis]) -> set[str]:
    """Words written in lower case somewhere in the story (so "Hopes" is not a name)."""
    words: set[str] = set()
    for an in analyses:
        words.update(re.findall(r"(?<![\w'’])[a-z][a-z'’-]+", an.article.text))
    return words


# ---- the entry point ----------------------------------------------------------------------------


def merge_entities(analyses: Sequence[Analysis]) -> EntityIndex:
    """Merge the named-entity mentions of a story's analyses into entities (see module doc)."""
    occs = _occurrences(analyses)
    common = _common_words(analyses)
    _person_evidence(occs)
    texts = {an.article.id: an.article.text for an in analyses}
    _repair_runons(occs, common, texts)
    forms = _forms(occs)
    uf = UnionFind(list(forms))
    _join_aliases(forms, uf)
    full = _join_person_names(forms, uf)
    _join_group_names(forms, uf)
    _join_single_names(forms, uf, full, texts)

    groups: dict[str, list[_Form]] = defaultdict(list)
    for k, f in forms.items():
        groups[uf.find(k)].append(f)
    types = {root: _group_type(fs) for root, fs in groups.items()}
    for fs in groups.values():
        if len(fs) == 1 and not fs[0].multiword and fs[0].label in {"PERSON", "ORG"}:
            only = fs[0]
            if nm.fold(only.occs[0].text) in common and only.occs[0].text[:1].isupper():
                for o in only.occs:
                    o.dropped = True

    root_of = {o.index: uf.find(o.key) for o in occs if not o.dropped}
    persons = [
        tt.PersonMention(o.span.article, o.mention.span.start, o.mention.span.end, root, o.title)
        for o in occs
        if (root := root_of.get(o.index)) is not None and types[root] == "PERSON"
    ]
    titles = tt.find_titles(texts, persons)
    for o in occs:
        if (
            not o.dropped
            and types[root_of[o.index]] not in {"PERSON", "GPE", "NORP", "LOC"}
            and tt.inside(o.span, titles.ranges)
        ):
            o.dropped = True  # "State" in "Secretary of State"
            del root_of[o.index]

    place_keys = {
        nm.alias_key(f.key) for f in forms.values() if types[uf.find(f.key)] in {"GPE", "NORP"}
    }
    person_spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for o in occs:
        if o.index in root_of and types[root_of[o.index]] == "PERSON":
            person_spans[o.span.article].append((o.mention.span.start, o.mention.span.end))
    extra = tt.resolve_title_mentions(texts, titles, place_keys, person_spans)
    for root, _, phrase in extra:  # "the top Japanese diplomat" is a title of Hayashi too
        titles.by_root[root][nm.clean_title(re.sub(r"^[Tt]he\s+", "", phrase))] += 1
    found = _find_untagged(analyses, occs, root_of, types, common, extra)

    entities, names = _build_entities(analyses, occs, root_of, types, titles, [*extra, *found])
    relabeled = []
    by_span: dict[Span, str] = {}
    for o in occs:
        if o.index in root_of:
            root = root_of[o.index]
            name = names[root]
            relabeled.append(Mention(o.span, o.text, types[root], name))
            by_span[o.span] = name
            by_span.setdefault(o.mention.span, name)
        else:
            relabeled.append(o.mention)
    title_mentions = tuple(Mention(s, t, "PERSON", names[r]) for r, s, t in extra)
    found_mentions = tuple(Mention(s, t, "PERSON", names[r]) for r, s, t in found)
    for m in (*title_mentions, *found_mentions):
        by_span.setdefault(m.span, m.canonical or "")
    by_article: dict[str, list[tuple[Span, str]]] = defaultdict(list)
    for span, name in by_span.items():
        by_article[span.article].append((span, name))
    return EntityIndex(
        entities, tuple(relabeled), title_mentions, found_mentions, by_span, dict(by_article)
    )


def _find_untagged(
    analyses: Sequence[Analysis],
    occs: Sequence[_Occ],
    root_of: dict[int, str],
    types: dict[str, str],
    common: set[str],
    extra: Sequence[tuple[str, Span, str]],
) -> list[tuple[str, Span, str]]:
    """Person names the NER missed: other places where a person's spelling is written.

    Every spelling of a person (as written, case-sensitive, whole words) is looked for in every
    article, longest first, outside the spans already taken by mentions. A one-word spelling
    must not be a lower-case word of the story, and a spelling of two persons is skipped.
    """
    owners: dict[str, set[str]] = defaultdict(set)
    for o in occs:
        root = root_of.get(o.index)
        if root is None or types[root] != "PERSON" or not o.text[:1].isupper():
            continue
        words = o.text.split()
        if len(words) == 1 and (nm.fold(o.text) in common or len(o.text) < 3):
            continue
        owners[_display(o.text)].add(root)
    spellings = sorted(
        ((v, next(iter(r))) for v, r in owners.items() if len(r) == 1),
        key=lambda x: (-len(x[0]), x[0]),
    )
    ranges: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for o in occs:
        if not o.dropped:
            ranges[o.span.article].append((o.span.start, o.span.end))
    for _, span, _ in extra:
        ranges[span.article].append((span.start, span.end))
    found: list[tuple[str, Span, str]] = []
    if not spellings:
        return found
    owner = dict(spellings)
    alts = "|".join(re.escape(v) for v, _ in spellings)  # longest first: alternation order
    # a match starts with the first letter of a spelling: the lookahead skips the other
    # positions before the alternatives are tried one by one
    firsts = "".join(sorted({re.escape(v[0]) for v, _ in spellings}))
    pattern = re.compile(rf"(?<![\w'’-])(?=[{firsts}])(?:{alts})(?![\w-])")
    for an in analyses:
        text, aid = an.article.text, an.article.id
        taken = tt.mask(len(text), ranges[aid])
        for m in pattern.finditer(text):
            lo, hi = m.start(), m.end()
            if any(taken[lo:hi]):
                continue
            found.append((owner[m.group()], Span(aid, lo, hi), m.group()))
    return found


def _group_type(forms: Sequence[_Form]) -> str:
    multi = [f for f in forms if f.multiword]
    votes: Counter[str] = Counter()
    for f in multi or forms:
        votes.update(f.labels)
    if (
        multi
        and any(f.label == "PERSON" for f in multi)
        and votes["PERSON"] * 2 >= sum(votes.values())
    ):
        return "PERSON"
    return _vote(votes)


def _display(text: str) -> str:
    t = " ".join(text.split())
    return t[4:] if t.lower().startswith("the ") else t


def _build_entities(
    analyses: Sequence[Analysis],
    occs: Sequence[_Occ],
    root_of: dict[int, str],
    types: dict[str, str],
    titles: tt.Titles,
    extra: Sequence[tuple[str, Span, str]],
) -> tuple[list[Entity], dict[str, str]]:
    order = {an.article.id: i for i, an in enumerate(analyses)}
    members: dict[str, list[_Occ]] = defaultdict(list)
    for o in occs:
        if o.index in root_of:
            members[root_of[o.index]].append(o)
    extra_by_root: dict[str, list[Span]] = defaultdict(list)
    for root, span, _ in extra:
        extra_by_root[root].append(span)
    names: dict[str, str] = {}
    entities: list[Entity] = []
    for root, group in members.items():
        etype = types[root]
        names[root] = _canonical(group, etype)
        variant_arts: dict[str, set[str]] = defaultdict(set)
        counts: Counter[str] = Counter()
        for o in group:
            v = _display(o.text)
            variant_arts[v].add(o.span.article)
            counts[v] += 1
        variants = sorted(counts, key=lambda v: (-len(variant_arts[v]), -counts[v], v))
        spans = [o.span for o in group] + extra_by_root.get(root, [])
        spans.sort(key=lambda s: (order.get(s.article, 0), s.start))
        arts = sorted({s.article for s in spans}, key=lambda a: order.get(a, 0))
        tcount = titles.by_root.get(root, Counter())
        entities.append(
            Entity(
                name=names[root],
                type=etype,
                variants=tuple(variants),
                articles=tuple(arts),
                mentions=tuple(spans),
                titles=_title_list(tcount),
                variant_articles=tuple(
                    (v, tuple(sorted(variant_arts[v], key=lambda a: order.get(a, 0))))
                    for v in variants
                ),
            )
        )
    entities.sort(key=lambda e: (-len(e.articles), -len(e.mentions), e.name))
    return entities, names


def _title_list(counts: Counter[str]) -> tuple[str, ...]:
    """Titles most frequent first, one per spelling up to case (the most written case wins)."""
    groups: dict[str, Counter[str]] = defaultdict(Counter)
    for title, n in counts.items():
        groups[title.lower()][title] += n
    best = [(-c.total(), min(c, key=lambda t: (-c[t], t))) for c in groups.values()]
    return tuple(t for _, t in sorted(best))


def _canonical(group: Sequence[_Occ], etype: str) -> str:
    """The surface most articles use, among the multi-word ones for a person."""
    pool = [o for o in group if len(nm.key_tokens(o.key)) >= 2] if etype == "PERSON" else []
    pool = pool or list(group)
    arts: dict[str, set[str]] = defaultdict(set)
    counts: Counter[str] = Counter()
    for o in pool:
        v = _display(o.text)
        arts[v].add(o.span.article)
        counts[v] += 1
    return min(counts, key=lambda v: (-len(arts[v]), -counts[v], -len(v), v))


def apply_entities(analyses: Sequence[Analysis], index: EntityIndex) -> list[Analysis]:
    """Analyses whose mentions carry the merged entities' labels and canonical names; mentions
    the merge judged not to be names ("State" in "Secretary of State") are left out."""
    by_article: dict[str, list[Mention]] = {}
    for m in (*index.relabeled, *index.title_mentions, *index.found_mentions):
        if m.canonical:
            by_article.setdefault(m.span.article, []).append(m)
    return [
        replace(
            an,
            mentions=tuple(sorted(by_article.get(an.article.id, []), key=lambda m: m.span.start)),
        )
        for an in analyses
    ]
