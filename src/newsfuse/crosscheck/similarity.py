"""How alike two sentences from different articles are, in what they state.

Each sentence becomes a bag of *concepts*: content lemmas folded through a small news thesaurus
(call = conversation = talk = phone; condemn = criticise = slam; bolster = strengthen = boost), the
canonical names of the entities it mentions, and its amounts (``#25:minute``). Concepts are
TF-IDF-weighted over the sentences of the story, and two sentences compare by cosine. Lexical, so it
is fast and explainable; paraphrases that share no concept are missed.

Blocking: the cross-checks never compare every sentence with every other. ``neighbours(k, t)``
lists the sentences that *can* pass ``same_statement(k, o, t)``: those whose concept cosine with
``k`` reaches the lowest bar the rule accepts (one sparse product of the TF-IDF matrix, computed
once per story) or whose embedding cosine reaches ``SEMANTIC_STRONG``. Every other pair fails the
rule whatever its exact scores, so the checks over the neighbours give the same answers as the
checks over all pairs (``tests/crosscheck/test_blocking.py`` compares both).
"""

from __future__ import annotations

import contextlib
import math
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

from newsfuse.model import Analysis, Sentence, Span

# words that state the same thing in news copy; each maps to one concept
THESAURUS: dict[str, str] = {}
for _concept, _words in {
    "call": "call conversation talk talks phone telephone phone-call speak spoke chat",
    "condemn": "condemn criticise criticize slam denounce decry censure",
    "invasion": "invasion invade aggression attack assault offensive incursion",
    "strengthen": "strengthen bolster boost beef reinforce enhance deepen step",
    "deterrence": "deterrence deterrent",
    "agree": "agree affirm reaffirm confirm concur",
    "minister": "minister ministers",
    "diplomat": "diplomat diplomats",
    "sanction": "sanction sanctions penalty penalties measure",
    "say": "say tell state add note stress remark comment",
    "cooperate": "cooperate cooperation collaborate coordinate co-operate co-ordinate",
    "violate": "violate violation breach infringe infringement defiance",
    "limit": "limit limited confine confined restrict restricted stop",
    "impact": "impact effect consequence ramification",
    "alliance": "alliance ally allies",
    "evacuate": "evacuate evacuation",
    "kill": "kill killed die died dead death",
    "injure": "injure injured wound wounded hurt",
    "arrest": "arrest detain detained custody",
    "meeting": "meeting meet summit",
    "us": "us u.s. america united states washington",
}.items():
    for _w in _words.split():
        THESAURUS[_w] = _concept

STRONG = 0.5  # a concept similarity this close needs no other check
SEMANTIC = 0.62  # embedding cosine two statements of the same thing reach
SEMANTIC_STRONG = 0.82  # embedding cosine of a paraphrase
# margin for the sparse product's rounding (it sums in another order than ``lexical``)
BLOCK_EPS = 1e-9
STOP_CONCEPTS = frozenset({"say", "also", "would", "could", "will", "year", "time", "new"})
TOKEN_RE = re.compile(r"[a-z0-9][a-z0-9.\-']*")
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class SentenceRef:
    """A sentence of one article in a story, addressed by (article index, sentence index)."""

    doc: int
    index: int
    sentence: Sentence

    @property
    def span(self) -> Span:
        return self.sentence.span

    @property
    def article(self) -> str:
        return self.sentence.span.article


def concepts_of(
    analysis: Analysis,
    index: int,
    canonical: Callable[[Span], str | None] | None = None,
) -> list[str]:
    """The concepts of sentence ``index`` of an analysis."""
    sent = analysis.sentences[index]
    lemmas = (
        analysis.lemmas[index]
        if index < len(analysis.lemmas)
        else tuple(TOKEN_RE.findall(sent.text.lower()))
    )
    out = [THESAURUS.get(lemma, lemma) for lemma in lemmas]
    s0, s1 = sent.span.start, sent.span.end
    for m in analysis.mentions:
        if s0 <= m.span.start < s1:
            name = (canonical(m.span) if canonical else None) or m.canonical or m.text
            out.append("@" + name.lower())
    for a in analysis.amounts:
        if s0 <= a.span.start < s1:
            out.append(f"#{a.value:g}:{a.unit or a.counts or ''}")
    return [c for c in out if c not in STOP_CONCEPTS]


class StoryVectors:
    """TF-IDF concept vectors for every sentence of a story, with cosine similarity."""

    def __init__(
        self,
        analyses: Sequence[Analysis],
        canonical: Callable[[Span], str | None] | None = None,
        embeddings: np.ndarray | None = None,
        semantic_weight: float = 0.5,
        margin: float = 0.0,
    ) -> None:
        """``embeddings``: one L2-normalised row per sentence, in story order (articles, then
        sentences); when given, similarity blends concept cosine and embedding cosine.

        ``margin``: how far the cosine of two rows may lie from the float32 encoder's (0.0 for
        rows the NumPy encoder made; ``Encoder.cosine_margin``). With a margin, every decision
        that compares a cosine (or a score made of cosines) with a bar it lies within the
        margin of records the sentences it depends on in ``unsure``; :meth:`settle` replaces
        their rows by float32 ones, after which the step is taken again (see
        :func:`settled`)."""
        self.analyses = analyses
        self.canonical = canonical
        self.refs: list[SentenceRef] = []
        bags: list[Counter[str]] = []
        for d, an in enumerate(analyses):
            for i, sent in enumerate(an.sentences):
                self.refs.append(SentenceRef(d, i, sent))
                bags.append(Counter(concepts_of(an, i, canonical)))
        df: Counter[str] = Counter()
        for bag in bags:
            df.update(set(bag))
        n = max(len(bags), 1)
        self.idf = {c: math.log((n + 1) / (k + 0.5)) for c, k in df.items()}
        self.vectors: list[dict[str, float]] = []
        for bag in bags:
            vec = {c: (1 + math.log(k)) * self.idf[c] for c, k in bag.items()}
            norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
            self.vectors.append({c: v / norm for c, v in vec.items()})
        self.bags = bags
        self._by_mark: dict[str, list[frozenset[str]]] = {}
        self._units: dict[int, dict[str, set[str]]] | None = None
        # sentences of one article are contiguous: article d owns refs[starts[d]:starts[d + 1]]
        self.starts = [0]
        for an in analyses:
            self.starts.append(self.starts[-1] + len(an.sentences))
        self._lex_floor = math.inf
        self._lex_rows: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        self.persons = [self._persons(analyses[r.doc], r, canonical) for r in self.refs]
        self.by_key = {(r.doc, r.index): k for k, r in enumerate(self.refs)}
        self.semantic: np.ndarray | None = None
        self.weight = semantic_weight
        self.embeddings = embeddings
        self.margin = margin if embeddings is not None else 0.0
        # per sentence, whether its row is the float32 encoder's (or taken as such)
        self.exact = np.full(len(self.refs), self.margin == 0.0, dtype=bool)
        self.unsure: set[int] = set()
        self.settled_rows = 0  # rows replaced by float32 ones so far
        if embeddings is not None:
            if len(embeddings) != len(self.refs):
                raise ValueError(f"{len(embeddings)} embeddings for {len(self.refs)} sentences")
            self.semantic = embeddings @ embeddings.T
            np.clip(self.semantic, 0.0, 1.0, out=self.semantic)

    def doubt(self, gap: float, spread: float, ks: Iterable[int]) -> None:
        """Record the sentences ``ks`` of a decision whose value lies ``gap`` from its bar and
        could move by ``spread`` margins when the inexact rows become float32 ones: when
        ``|gap| <= spread * margin`` and some of ``ks`` is not exact."""
        if self.margin and abs(gap) <= spread * self.margin:
            self.unsure.update(k for k in ks if not self.exact[k])

    @contextlib.contextmanager
    def doubts(self) -> Iterator[set[int]]:
        """The sentences recorded by ``doubt`` inside the block, kept apart from ``unsure``
        (for a caller that decides afterwards which of them matter)."""
        saved = self.unsure
        got: set[int] = set()
        self.unsure = got
        try:
            yield got
        finally:
            self.unsure = saved

    def settle(self, encode: Callable[[list[str]], np.ndarray]) -> int:
        """Replace the rows of the ``unsure`` sentences that are not exact by
        ``encode(texts)`` (the float32 encoder's rows), update their cosines, and clear
        ``unsure``; the number of rows replaced."""
        todo = {k for k in self.unsure if not self.exact[k]}
        self.unsure.clear()
        if not todo or self.embeddings is None or self.semantic is None:
            return 0
        # every copy of a text gets the new row, so that copies stay exact ties (one encoder
        # gives a text the same bits wherever it occurs)
        texts = {self.refs[k].sentence.text for k in todo}
        todo |= {k for k, r in enumerate(self.refs) if r.sentence.text in texts}
        order = sorted(todo)
        rows = np.asarray(encode([self.refs[k].sentence.text for k in order]), dtype=np.float32)
        todo_list = order
        emb = self.embeddings = self.embeddings.copy() if not self.settled_rows else self.embeddings
        emb[todo_list] = rows
        sims = np.clip(rows @ emb.T, 0.0, 1.0)
        self.semantic[todo_list, :] = sims
        self.semantic[:, todo_list] = sims.T
        self.exact[todo_list] = True
        self.settled_rows += len(todo_list)
        return len(todo_list)

    def lexical(self, a: int, b: int) -> float:
        va, vb = self.vectors[a], self.vectors[b]
        if len(va) > len(vb):
            va, vb = vb, va
        # the concepts of ``va`` in its order, those ``vb`` lacks left out: their products are
        # 0.0, and adding 0.0 leaves a sum of positive weights as it is
        return sum((w * vb[c] for c, w in va.items() if c in vb), 0.0) if va else 0

    def sim(self, a: int, b: int) -> float:
        lex = self.lexical(a, b)
        if self.semantic is None:
            return lex
        return (1 - self.weight) * lex + self.weight * float(self.semantic[a, b])

    @staticmethod
    def _persons(
        an: Analysis, ref: SentenceRef, canonical: Callable[[Span], str | None] | None
    ) -> frozenset[str]:
        s0, s1 = ref.span.start, ref.span.end
        return frozenset(
            ((canonical(m.span) if canonical else None) or m.canonical or m.text).lower()
            for m in an.mentions
            if m.label == "PERSON" and s0 <= m.span.start < s1
        )

    def other_people(self, a: int, b: int) -> bool:
        """Both sentences name people, and each names someone the other does not: a call with
        Blinken is not the call with Rau, however alike the words."""
        pa, pb = self.persons[a], self.persons[b]
        return bool(pa - pb) and bool(pb - pa)

    def same_statement(self, a: int, b: int, threshold: float) -> tuple[bool, bool]:
        """Whether sentences ``a`` and ``b`` state the same thing: ``(passes, strong)``.

        Without embeddings: concept similarity >= ``threshold`` (strong at ``STRONG``). With them,
        both signals must agree, since in a story about one event most sentences are topically
        close (embedding cosines of 0.5-0.7 between different statements): concept similarity >=
        ``threshold`` - 0.02 and embedding cosine >= ``SEMANTIC``, or either far above its bar.
        """
        lex = self.lexical(a, b)
        if self.semantic is None:
            return lex >= threshold, lex >= STRONG
        emb = float(self.semantic[a, b])
        if self.margin and lex < STRONG:
            self.doubt(emb - SEMANTIC_STRONG, 1.0, (a, b))
            if lex >= threshold - 0.02:
                self.doubt(emb - SEMANTIC, 1.0, (a, b))
        strong = lex >= STRONG or emb >= SEMANTIC_STRONG
        return strong or (lex >= threshold - 0.02 and emb >= SEMANTIC), strong

    def lexical_floor(self, threshold: float) -> float:
        """The lowest concept similarity at which ``same_statement(a, b, threshold)`` can pass
        without the embeddings' strong bar (keep in step with ``same_statement``)."""
        if self.semantic is None:
            return min(threshold, STRONG)
        return min(threshold - 0.02, STRONG)

    def _lexical_above(self, floor: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """CSR rows (indptr, columns, values) of the concept similarities >= ``floor`` (up to
        rounding) between all sentences, from one sparse product; cached for the lowest floor
        asked so far."""
        if self._lex_rows is not None and floor >= self._lex_floor:
            return self._lex_rows
        from scipy.sparse import csr_matrix

        ids: dict[str, int] = {}
        indptr = [0]
        cols: list[int] = []
        vals: list[float] = []
        for vec in self.vectors:
            for c, v in vec.items():
                cols.append(ids.setdefault(c, len(ids)))
                vals.append(v)
            indptr.append(len(cols))
        n = len(self.vectors)
        x = csr_matrix((vals, cols, indptr), shape=(n, max(len(ids), 1)), dtype=np.float64)
        xt = x.T.tocsr()
        out_ptr = [np.zeros(1, dtype=np.int64)]
        out_cols: list[np.ndarray] = []
        out_vals: list[np.ndarray] = []
        done = 0
        step = 512
        for lo in range(0, n, step):
            block = (x[lo : lo + step] @ xt).tocsr()
            block.sort_indices()
            keep = block.data >= floor - BLOCK_EPS
            row_of = np.repeat(np.arange(block.shape[0]), np.diff(block.indptr))[keep]
            counts = np.bincount(row_of, minlength=block.shape[0])
            out_ptr.append(done + np.cumsum(counts))
            done += int(counts.sum())
            out_cols.append(block.indices[keep].astype(np.int64))
            out_vals.append(block.data[keep])
        self._lex_rows = (
            np.concatenate(out_ptr),
            np.concatenate(out_cols) if out_cols else np.zeros(0, dtype=np.int64),
            np.concatenate(out_vals) if out_vals else np.zeros(0),
        )
        self._lex_floor = floor
        return self._lex_rows

    def neighbours(self, k: int, threshold: float) -> list[int]:
        """The sentences ``o != k`` (any article, in index order) for which
        ``same_statement(k, o, threshold)`` can pass; every other sentence fails it."""
        floor = self.lexical_floor(threshold)
        ptr, cols, vals = self._lexical_above(floor)
        row = cols[ptr[k] : ptr[k + 1]]
        found = row[vals[ptr[k] : ptr[k + 1]] >= floor - BLOCK_EPS]
        if self.semantic is not None:
            # within the margin of the bar: ``same_statement`` decides (and records the doubt)
            bar = SEMANTIC_STRONG - self.margin
            found = np.union1d(found, np.flatnonzero(self.semantic[k] >= bar))
        return [o for o in found.tolist() if o != k]

    def none_closer(self, k: int, doc: int, s: float, allowed: Collection[int], skip: int) -> bool:
        """Whether no sentence ``o`` of article ``doc`` (in ``allowed``, other than ``skip``) has
        ``sim(k, o) > s``: the same answer as checking every one, computing exact similarities
        only where a bound from the blocking cannot decide."""
        lo, hi = self.starts[doc], self.starts[doc + 1]
        if hi <= lo:
            return True
        floor = self._lex_floor if self._lex_rows is not None else 0.0
        bound = np.full(hi - lo, floor + BLOCK_EPS)
        if self._lex_rows is not None:
            ptr, cols, vals = self._lex_rows
            row = cols[ptr[k] : ptr[k + 1]]
            inside = (row >= lo) & (row < hi)
            bound[row[inside] - lo] = vals[ptr[k] : ptr[k + 1]][inside] + BLOCK_EPS
        else:
            bound[:] = 1.0 + BLOCK_EPS
        # ``s`` and every ``sim`` may each move by ``weight`` margins
        spread = 2 * self.weight
        if self.semantic is not None:
            bound = (1 - self.weight) * bound + self.weight * self.semantic[k, lo:hi]
        for i in np.flatnonzero(bound > s - BLOCK_EPS - spread * self.margin).tolist():
            o = lo + i
            if o == skip or o not in allowed:
                continue
            so = self.sim(k, o)
            self.doubt(so - s, spread, (k, o, skip))
            if so > s:
                return False
        return True

    def texts(self) -> list[str]:
        return [r.sentence.text for r in self.refs]

    def amounts(self, k: int) -> frozenset[str]:
        """The amount concepts of sentence ``k`` (``#25:minute``)."""
        return self._kinds("#")[k]

    def amount_units(self, k: int) -> dict[str, set[str]]:
        """The values of sentence ``k``'s amounts by unit or counted thing (computed once)."""
        if self._units is None:
            self._units = {}
        got = self._units.get(k)
        if got is None:
            got = self._units[k] = {}
            for c in self.amounts(k):
                value, _, unit = c[1:].partition(":")
                got.setdefault(unit, set()).add(value)
        return got

    def names(self, k: int) -> frozenset[str]:
        """The name concepts of sentence ``k`` (``@fumio kishida``)."""
        return self._kinds("@")[k]

    def _kinds(self, mark: str) -> list[frozenset[str]]:
        """Per sentence, its concepts that start with ``mark`` (computed once)."""
        got = self._by_mark.get(mark)
        if got is None:
            got = self._by_mark[mark] = [
                frozenset(c for c in bag if c.startswith(mark)) for bag in self.bags
            ]
        return got

    def size(self, k: int) -> int:
        return sum(self.bags[k].values())


def settled(
    vectors: StoryVectors,
    step: Callable[[], T],
    encode: Callable[[list[str]], np.ndarray] | None,
    refresh: Callable[[], None] | None = None,
) -> T:
    """``step()`` taken again, after :meth:`StoryVectors.settle` with ``encode``, until it
    records no sentence whose row is not exact: then every decision it took near a bar was
    taken with float32 rows, and every other one lies farther from its bar than the rows can
    move, so its result is the float32 encoder's. ``refresh()`` runs after each settle (to
    rebuild what was computed from the old cosines)."""
    while True:
        out = step()
        if encode is None or not vectors.settle(encode):
            vectors.unsure.clear()
            return out
        if refresh is not None:
            refresh()
