"""Whether two sentences of different articles report the same event: a small learned pair model.

Each pair of sentences becomes a few features of what they state (:func:`pair_features`): how
alike their concepts are (lemmas through the news thesaurus, names, amounts; TF-IDF cosine) and
their MiniLM embeddings are, whether each is the other's closest sentence in its article, how
many names they share, and whether they disagree on a number or name different people; and what
happens in each (``Analysis.events``: the same event word, or different ones) and how central to
the story the words they share are, both weighted by their embedding cosine; and who did it, to
whom, where and when (``Analysis.arguments``, read off the parse): per role whether the two share
an argument (the same merged entity, the same resolved date, the same head word) or both have one
and share none, and whether one event word has the same argument in both. A
logistic regression over these features, trained on ECB+ topics 1-12 by ``newsfuse eval facts
--train`` and stored in ``data/fact_linker.json``, gives the probability that the two report the
same event (the shipped weights leave the event features out, ``EVENT_SHARE`` in
``newsfuse.eval.facts``). Hard rules stay outside the model: a number or person conflict always
blocks a link.
"""

from __future__ import annotations

import bisect
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np

from newsfuse.crosscheck.similarity import THESAURUS, StoryVectors

FEATURES = (
    "lexical",
    "embedding",
    "embedding_margin",
    "mutual_best",
    "shared_names",
    "name_jaccard",
    "shared_amount",
    "both_lead",
    "short",
    "central",
    "central_count",
    "same_event",
    "other_event",
    "same_agent",
    "other_agent",
    "same_patient",
    "other_patient",
    "same_place",
    "other_place",
    "same_time",
    "other_time",
    "same_event_argument",
)
ROLES = ("agent", "patient", "place", "time")
# the argument features, each a 0/1 flag computed exactly for a block of pairs by the candidates
ARGUMENT_FEATURES = (*(f"{k}_{r}" for r in ROLES for k in ("same", "other")), "same_event_argument")
LEAD = 3  # sentences of an article that open it
BLOCK = 128  # sentences whose candidate rows are computed at once
# margin of the candidates' bound for rounding (float32, summed in another order than the score)
BOUND_EPS = 1e-3
# the features the candidates' bound takes at their most favourable value
UNSEEN = frozenset(
    {
        "shared_names",
        "name_jaccard",
        "shared_amount",
        "central",
        "central_count",
    }
)
# the event features, each a 0/1 flag times the embedding cosine: computed exactly for a block of
# pairs by the candidates (one sparse product of the sentences' event-word indicators)
EVENT_FLAGS = ("same_event", "other_event")


@dataclass(frozen=True, slots=True)
class PairModel:
    """Logistic regression weights over :data:`FEATURES`; the probability that links alone
    (``threshold``) and the least one that links when the concept/embedding rule agrees
    (``floor``); two supporters of one fact link at least with ``together``."""

    weights: tuple[float, ...]
    bias: float
    threshold: float
    floor: float
    together: float

    def probability(self, x: np.ndarray) -> float:
        z = self.bias + float(np.dot(self.weights, x))
        return 1.0 / (1.0 + math.exp(-z))


def load_model() -> PairModel | None:
    """The trained model shipped with the package, or None when there is none."""
    path = resources.files("newsfuse.data").joinpath("fact_linker.json")
    if not path.is_file():
        return None
    data = json.loads(path.read_text("utf-8"))
    if tuple(data["features"]) != FEATURES:
        return None
    return PairModel(
        tuple(data["weights"]),
        float(data["bias"]),
        float(data["threshold"]),
        float(data["floor"]),
        float(data["together"]),
    )


def amount_conflict(vectors: StoryVectors, a: int, b: int) -> bool:
    """Both sentences give an amount of one unit or counted thing, with different values and
    none in common ("three banks" is not "four banks")."""
    ua, ub = vectors.amount_units(a), vectors.amount_units(b)
    return any(unit and not (ua[unit] & ub[unit]) for unit in ua.keys() & ub.keys())


def blocked(vectors: StoryVectors, a: int, b: int) -> bool:
    """A hard conflict: different numbers of one thing, or different people."""
    return amount_conflict(vectors, a, b) or vectors.other_people(a, b)


def event_words(vectors: StoryVectors, k: int) -> frozenset[str]:
    """The event words of sentence ``k`` (``Analysis.events``), folded through the thesaurus
    ("killed" and "died" are one event word); empty for an analysis made without them."""
    ref = vectors.refs[k]
    events = vectors.analyses[ref.doc].events
    if ref.index >= len(events):
        return frozenset()
    return frozenset(THESAURUS.get(w, w) for w in events[ref.index])


def argument_keys(vectors: StoryVectors) -> list[dict[str, frozenset[str]]]:
    """Per sentence, the keys of the arguments of its event words by role
    (``Analysis.arguments``, :func:`_argument_key`), and under ``"event"`` the (event word, role,
    key) triples."""
    out: list[dict[str, frozenset[str]]] = []
    canonical = vectors.canonical
    for an in vectors.analyses:
        per: list[dict[str, set[str]]] = [{} for _ in an.sentences]
        names = _Spans([(m.span.start, m.span.end, m) for m in an.mentions])
        dates = _Spans([(t.span.start, t.span.end, t) for t in an.timexes])
        for a in an.arguments:
            if a.sentence >= len(per):
                continue
            key = _argument_key(a.span.start, a.role, a.head, names, dates, canonical)
            event = THESAURUS.get(a.event, a.event)
            per[a.sentence].setdefault(a.role, set()).add(key)
            per[a.sentence].setdefault("event", set()).add(f"{event}|{a.role}|{key}")
        out.extend({r: frozenset(ks) for r, ks in p.items()} for p in per)
    return out


class _Spans:
    """Records by character span, for the one that covers an offset (in start order)."""

    def __init__(self, rows: list[tuple[int, int, Any]]) -> None:
        self.rows = sorted(rows, key=lambda r: (r[0], r[1]))
        self.starts = [r[0] for r in self.rows]

    def at(self, offset: int) -> Any:
        i = bisect.bisect_right(self.starts, offset) - 1
        while i >= 0:
            start, end, rec = self.rows[i]
            if start <= offset < end:
                return rec
            i -= 1
            if i >= 0 and offset - self.starts[i] > 200:  # no name or date is that long
                break
        return None


def _argument_key(
    start: int, role: str, head: str, names: _Spans, dates: _Spans, canonical: Any
) -> str:
    """The key an argument is compared by: a date or time as its resolved value (``t:value``),
    an argument whose head is in a name as the merged entity's name (``@name``), any other as
    its head's lemma through the thesaurus."""
    if role == "time":
        t = dates.at(start)
        return "t:" + ((t.value or t.text.lower()) if t is not None else head)
    m = names.at(start)
    if m is not None:
        name = (canonical(m.span) if canonical else None) or m.canonical or m.text
        return "@" + name.lower()
    return THESAURUS.get(head, head)


class PairFeatures:
    """Features of sentence pairs of one story; per-article best matches computed once."""

    def __init__(self, vectors: StoryVectors) -> None:
        self.v = vectors
        n = len(vectors.refs)
        self.doc = np.array([r.doc for r in vectors.refs], dtype=np.int64)
        sem = vectors.semantic
        self.sem = sem if sem is not None else np.zeros((n, n), dtype=np.float32)
        ndocs = int(self.doc.max()) + 1 if n else 0
        # best[k, d]: the highest embedding cosine of sentence k with a sentence of article d
        self.best = np.zeros((n, ndocs), dtype=np.float32)
        self.second = np.zeros((n, ndocs), dtype=np.float32)
        self.words = np.array([len(r.sentence.text.split()) for r in vectors.refs], dtype=np.int64)
        # what the story is about: the share of its articles whose sentences state each concept
        self.content = [frozenset(c for c in bag if c[:1] not in "@#") for bag in vectors.bags]
        per_doc: list[set[str]] = [set() for _ in range(ndocs)]
        for k, cs in enumerate(self.content):
            per_doc[int(self.doc[k])] |= cs
        self.ndocs = ndocs
        self.events = [event_words(vectors, k) for k in range(n)]
        self.args = argument_keys(vectors)
        empty: frozenset[str] = frozenset()
        self.arg_sets = [tuple(x.get(r, empty) for r in (*ROLES, "event")) for x in self.args]
        self.df: dict[str, int] = {}
        for words in per_doc:
            for c in words:
                self.df[c] = self.df.get(c, 0) + 1
        for d in range(ndocs):
            cols = np.flatnonzero(self.doc == d)
            if not len(cols):
                continue
            if len(cols) == 1:
                self.best[:, d] = self.sem[:, cols[0]]
                continue
            # the two largest of each row, in place (order statistics: no sort needed)
            block = np.partition(self.sem[:, cols], len(cols) - 2, axis=1)
            self.best[:, d] = block[:, -1]
            self.second[:, d] = block[:, -2]

    def central(self, a: int, b: int) -> tuple[float, float]:
        """How central to the story the words the two sentences share are: for each shared
        concept, the share of the story's *other* articles that state it too; the highest share
        and how many shared concepts reach half of them (of 3). The event every outlet reports
        ("earthquake", "arrest") is in most articles; a detail two outlets share is not."""
        others = self.ndocs - 2
        if others <= 0:
            return 0.0, 0.0
        shares = [(self.df[c] - 2) / others for c in self.content[a] & self.content[b]]
        if not shares:
            return 0.0, 0.0
        return max(shares), min(sum(x >= 0.5 for x in shares), 3) / 3

    def argument_flags(self, a: int, b: int) -> list[float]:
        """The :data:`ARGUMENT_FEATURES` of a pair: per role, whether the two share an argument,
        and whether both have one and share none; whether they share an event word's argument."""
        xa, xb = self.arg_sets[a], self.arg_sets[b]
        out: list[float] = []
        for ka, kb in zip(xa[:-1], xb[:-1], strict=True):  # per role, in the order of FEATURES
            shared = not ka.isdisjoint(kb)
            out.append(float(shared))
            out.append(float(bool(ka) and bool(kb) and not shared))
        out.append(float(not xa[-1].isdisjoint(xb[-1])))
        return out

    def features(self, a: int, b: int) -> np.ndarray:
        v = self.v
        da, db = self.doc[a], self.doc[b]
        emb = float(self.sem[a, b])
        # how far b stands out among a's matches in b's article (and a among b's in a's)
        other_ab = self.second[a, db] if emb >= self.best[a, db] else self.best[a, db]
        other_ba = self.second[b, da] if emb >= self.best[b, da] else self.best[b, da]
        margin = emb - max(float(other_ab), float(other_ba))
        mutual = emb >= self.best[a, db] and emb >= self.best[b, da]
        na, nb = v.names(a), v.names(b)
        shared = len(na & nb)
        union = len(na | nb)
        amounts = bool(v.amounts(a) & v.amounts(b))
        lead = v.refs[a].index < LEAD and v.refs[b].index < LEAD
        short = min(int(self.words[a]), int(self.words[b]))
        central, count = self.central(a, b)
        ea, eb = self.events[a], self.events[b]
        same_event = bool(ea & eb)
        return np.array(
            [
                v.lexical(a, b),
                emb,
                margin,
                float(mutual),
                min(shared, 3) / 3,
                shared / union if union else 0.0,
                float(amounts),
                float(lead),
                float(short < 8),
                central * emb,
                count * emb,
                float(same_event) * emb,
                float(bool(ea) and bool(eb) and not same_event) * emb,
                *self.argument_flags(a, b),
            ],
            dtype=np.float64,
        )


class Linker:
    """The pair model applied to one story: link probabilities, computed once per pair."""

    def __init__(self, vectors: StoryVectors, model: PairModel) -> None:
        self.vectors = vectors
        self.model = model
        self.pf = PairFeatures(vectors)
        self._p: dict[tuple[int, int], float] = {}
        self._reach: dict[tuple[int, int], tuple[float, list[int]]] = {}
        w = dict(zip(FEATURES, model.weights, strict=True))
        # how far a pair's score moves, per margin of every cosine (the margin feature by two)
        self.spread = (
            abs(w["embedding"])
            + 2 * abs(w["embedding_margin"])
            + sum(abs(w[f]) for f in ("central", "central_count", "same_event", "other_event"))
        )
        self.flip = abs(w["mutual_best"])  # and when ``mutual_best`` can change
        self._lex: Any = None
        # the candidate lists of one block of sentences: (first sentence, floor, lists)
        self._rows: tuple[int, float, list[list[int]]] | None = None
        self._index = np.array([r.index for r in vectors.refs], dtype=np.int64)
        self._arg_rows: dict[str, Any] = {}
        self._event_rows: Any = None

    def probability(self, a: int, b: int) -> float:
        key = (a, b) if a < b else (b, a)
        p = self._p.get(key)
        if p is None:
            blocked_pair = blocked(self.vectors, a, b)
            p = 0.0 if blocked_pair else self.model.probability(self.pf.features(*key))
            self._p[key] = p
        return p

    def all_at_least(self, k: int, others: Iterable[int], level: float) -> bool:
        """Whether ``probability(k, m) >= level`` for every ``m`` of ``others`` (in order,
        stopping at the first that fails)."""
        known = self._p
        for m in others:
            p = known.get((k, m) if k < m else (m, k))
            if p is None:
                p = self.probability(k, m)
            if self.vectors.margin:
                self.doubt(k, m, level)
            if p < level:
                return False
        return True

    def reach(self, a: int, b: int) -> tuple[float, list[int]]:
        """How far the score (log-odds) of pair ``(a, b)`` may move, in margins of the cosines
        (``StoryVectors.margin``), and the sentences it depends on: the two, and in each one's
        article the other's closest sentences (its ``embedding_margin`` and ``mutual_best``)."""
        key = (a, b) if a < b else (b, a)
        got = self._reach.get(key)
        if got is not None:
            return got
        pf, v = self.pf, self.vectors
        m = v.margin
        emb = float(pf.sem[a, b])
        ks = [a, b]
        spread = self.spread
        for x, y in ((a, b), (b, a)):
            d = int(pf.doc[y])
            lo, hi = v.starts[d], v.starts[d + 1]
            row = pf.sem[x, lo:hi].astype(np.float64)
            row[y - lo] = -np.inf
            top = float(row.max()) if hi - lo > 1 else 0.0
            ks.extend((lo + np.flatnonzero(row >= top - 2 * m)).tolist())
            if abs(emb - top) <= 2 * m and m:
                spread = self.spread + self.flip / m
        got = self._reach[key] = (spread, ks)
        return got

    def doubt(self, a: int, b: int, level: float) -> None:
        """Record the pair's sentences (``StoryVectors.doubt``) when its probability could
        cross ``level`` with the cosines moved by the margin."""
        p = self.probability(a, b)
        if not self.vectors.margin or not 0.0 < p < 1.0 or not 0.0 < level < 1.0:
            return
        spread, ks = self.reach(a, b)
        self.vectors.doubt(logit(p) - logit(level), spread, ks)

    def doubt_order(self, x: tuple[int, int], y: tuple[int, int]) -> None:
        """Record the sentences of two pairs whose probabilities could change order."""
        px, py = self.probability(*x), self.probability(*y)
        if not self.vectors.margin or not (0.0 < px < 1.0 and 0.0 < py < 1.0):
            return
        sx, kx = self.reach(*x)
        sy, ky = self.reach(*y)
        self.vectors.doubt(logit(px) - logit(py), sx + sy, kx + ky)

    def links(self, a: int, b: int) -> bool:
        return self.probability(a, b) >= self.model.threshold

    def _lexical_block(self, lo: int, hi: int) -> Any:
        """Concept similarity of every sentence with sentences ``lo..hi-1``, sparse: the
        ``(n, hi - lo)`` product ``lex @ lex[lo:hi].T`` (entry ``(o, j - lo)`` has the same sums,
        in the same order, as ``lex[o] @ lex[j].T``)."""
        if self._lex is None:
            from scipy.sparse import csr_matrix

            ids: dict[str, int] = {}
            indptr, cols, vals = [0], [], []
            for vec in self.vectors.vectors:
                for c, v in vec.items():
                    cols.append(ids.setdefault(c, len(ids)))
                    vals.append(v)
                indptr.append(len(cols))
            shape = (len(self.vectors.vectors), max(len(ids), 1))
            self._lex = csr_matrix((vals, cols, indptr), shape=shape, dtype=np.float64)
        return self._lex @ self._lex[lo:hi].T

    def _argument_block(self, lo: int, hi: int) -> dict[str, np.ndarray]:
        """The :data:`ARGUMENT_FEATURES` with a nonzero weight of sentences ``lo..hi-1`` (rows)
        against every sentence (columns), exact: per role, one sparse product of the sentences'
        argument indicators."""
        from scipy.sparse import csr_matrix

        w = dict(zip(FEATURES, self.model.weights, strict=True))
        out: dict[str, np.ndarray] = {}
        for group in (*ROLES, "event"):
            names = (
                ("same_event_argument",)
                if group == "event"
                else (f"same_{group}", f"other_{group}")
            )
            if not any(w[f] for f in names):
                continue
            m = self._arg_rows.get(group)
            if m is None:
                ids: dict[str, int] = {}
                indptr, cols = [0], list[int]()
                for keys in self.pf.args:
                    cols.extend(ids.setdefault(c, len(ids)) for c in keys.get(group, ()))
                    indptr.append(len(cols))
                shape = (len(self.pf.args), max(len(ids), 1))
                m = csr_matrix((np.ones(len(cols)), cols, indptr), shape=shape)
                self._arg_rows[group] = m
            same = (m[lo:hi] @ m.T).toarray() > 0
            if group == "event":
                out["same_event_argument"] = same
                continue
            has = np.diff(m.indptr) > 0
            out[f"same_{group}"] = same
            out[f"other_{group}"] = has[lo:hi, None] & has[None, :] & ~same
        return {f: a for f, a in out.items() if w[f]}

    def _event_block(self, lo: int, hi: int) -> dict[str, np.ndarray]:
        """The :data:`EVENT_FLAGS` with a nonzero weight of sentences ``lo..hi-1`` (rows) against
        every sentence (columns), as 0/1 flags (the features are these times the cosine): the
        two share an event word, or both have one and share none."""
        from scipy.sparse import csr_matrix

        w = dict(zip(FEATURES, self.model.weights, strict=True))
        if not any(w[f] for f in EVENT_FLAGS):
            return {}
        m = self._event_rows
        if m is None:
            ids: dict[str, int] = {}
            indptr, cols = [0], list[int]()
            for words in self.pf.events:
                cols.extend(ids.setdefault(c, len(ids)) for c in words)
                indptr.append(len(cols))
            shape = (len(self.pf.events), max(len(ids), 1))
            m = self._event_rows = csr_matrix((np.ones(len(cols)), cols, indptr), shape=shape)
        same = (m[lo:hi] @ m.T).toarray() > 0
        has = np.diff(m.indptr) > 0
        out = {"same_event": same, "other_event": has[lo:hi, None] & has[None, :] & ~same}
        return {f: a for f, a in out.items() if w[f]}

    def candidates(self, k: int, floor: float) -> list[int]:
        """The sentences of other articles whose link probability with ``k`` can reach
        ``floor``: every feature but the names, amounts and centrality computed for the whole
        row at once, those taken at their most favourable value (blocking; the others cannot pass).
        Rows are computed for ``BLOCK`` sentences at a time (the facts ask in index order)."""
        lo = k - k % BLOCK
        if self._rows is None or self._rows[:2] != (lo, floor):
            self._rows = (lo, floor, self._candidate_rows(lo, floor))
        return self._rows[2][k - lo]

    def _candidate_rows(self, lo: int, floor: float) -> list[list[int]]:
        """The candidate lists of sentences ``lo..lo+BLOCK-1``.

        A bound first: the score with the margin, ``mutual_best`` and the name, amount and
        centrality features at their most favourable values is linear in the concept and
        embedding similarities (plus the lead, short, argument and event-word flags, exact; an
        event-word flag counts times the pair's cosine), so one pass over the
        block's embedding rows and the nonzero concept similarities leaves out the pairs that
        cannot reach ``floor`` (most of a long story's). The score of the others is the
        expression the model's features give, element by element, so the lists are those of
        scoring every pair."""
        pf, w = self.pf, dict(zip(FEATURES, self.model.weights, strict=True))
        n = len(self.vectors.refs)
        hi = min(lo + BLOCK, n)
        if hi <= lo:
            return []
        need = math.log(floor / (1.0 - floor)) if 0.0 < floor < 1.0 else -math.inf
        d = pf.doc
        dk = d[lo:hi]
        index, words = self._index, pf.words
        lead_rows = (index < LEAD)[None, :] & (index[lo:hi] < LEAD)[:, None]
        short_rows = np.minimum(words[None, :], words[lo:hi][:, None]) < 8
        # the margin lies in [emb - 1, emb] (cosines are clipped to [0, 1]), mutual in {0, 1}
        wm = w["embedding_margin"]
        top = (
            self.model.bias
            + max(-wm, 0.0)
            + max(w["mutual_best"], 0.0)
            + sum(max(w[f], 0.0) for f in FEATURES if f in UNSEEN)
        )
        # the bound without the concept similarity, in float32 (BOUND_EPS covers its rounding)
        base = pf.sem[lo:hi] * np.float32(max(w["embedding"] + wm, 0.0))
        np.add(base, np.float32(w["both_lead"]), out=base, where=lead_rows)
        np.add(base, np.float32(w["short"]), out=base, where=short_rows)
        flags = self._argument_block(lo, hi)  # exact, so the bound takes them as they are
        for f, on in flags.items():
            np.add(base, np.float32(w[f]), out=base, where=on)
        events = self._event_block(lo, hi)  # exact flags times the cosine
        for f, on in events.items():
            np.add(base, np.float32(w[f]) * pf.sem[lo:hi], out=base, where=on)
        for doc in np.unique(dk).tolist():  # never a sentence of the row's own article
            base[dk == doc, self.vectors.starts[doc] : self.vectors.starts[doc + 1]] = -np.inf
        # with inexact rows, also the pairs whose score may reach ``floor`` with float32 rows
        slack = self.spread * self.vectors.margin + self.flip if self.vectors.margin else 0.0
        low = need - top - BOUND_EPS - slack
        # (block row, sentence) entries in row-major order: CSR with sorted columns
        lex = self._lexical_block(lo, hi).T.tocsr()
        lex.sort_indices()
        lex_rows = np.repeat(np.arange(hi - lo, dtype=np.int64), np.diff(lex.indptr))
        keys = lex_rows * n + lex.indices.astype(np.int64)
        near = base[lex_rows, lex.indices] + max(w["lexical"], 0.0) * lex.data >= low
        flat = np.union1d(np.flatnonzero(base >= low), keys[near])
        r, c = np.divmod(flat, n)
        # each survivor's concept similarity, 0.0 where the product has no entry
        at = np.minimum(np.searchsorted(keys, flat), max(len(keys) - 1, 0))
        lexical = (
            np.where(keys[at] == flat, lex.data[at], 0.0) if len(keys) else np.zeros(len(flat))
        )
        k = r + lo
        emb = pf.sem[k, c].astype(np.float64)
        best_k = pf.best[k, d[c]]  # the row's best match in the other sentence's article
        second_k = pf.second[k, d[c]]
        best_o = pf.best[c, dk[r]]  # the other sentence's best match in the row's article
        second_o = pf.second[c, dk[r]]
        other_ko = np.where(emb >= best_k, second_k, best_k)
        other_ok = np.where(emb >= best_o, second_o, best_o)
        margin = emb - np.maximum(other_ko, other_ok)
        mutual = (emb >= best_k) & (emb >= best_o)
        z = (
            self.model.bias
            + w["lexical"] * lexical
            + w["embedding"] * emb
            + w["embedding_margin"] * margin
            + w["mutual_best"] * mutual
            + w["both_lead"] * lead_rows[r, c]
            + w["short"] * short_rows[r, c]
            + max(w["shared_names"], 0.0)
            + max(w["name_jaccard"], 0.0)
            + max(w["shared_amount"], 0.0)
            + max(w["central"], 0.0)
            + max(w["central_count"], 0.0)
        )
        for f, on in flags.items():
            z = z + w[f] * on[r, c]
        for f, on in events.items():
            z = z + w[f] * on[r, c] * emb
        keep = (z >= need - 1e-9 - slack) & (d[c] != dk[r])  # the bound's -inf passes a -inf need
        out: list[list[int]] = [[] for _ in range(hi - lo)]
        for row, col in zip(r[keep].tolist(), c[keep].tolist(), strict=True):
            out[row].append(col)
        return out


def logit(p: float) -> float:
    """The log-odds of probability ``p`` (minus / plus infinity at 0 and 1)."""
    return math.log(p / (1.0 - p)) if 0.0 < p < 1.0 else math.copysign(math.inf, p - 0.5)


def story_linker(vectors: StoryVectors) -> Linker | None:
    """The linker of a story with embeddings and a shipped model; else None (the rule of
    ``StoryVectors.same_statement`` decides)."""
    if vectors.semantic is None:
        return None
    model = load_model()
    return Linker(vectors, model) if model is not None else None
