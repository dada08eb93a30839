"""The timeline metrics of the news-tls evaluation (tilse; Martschat and Markert, 2017).

A timeline maps dates to lists of sentences. Against one reference timeline:

* **date F1**: F1 of the set of predicted dates against the reference's dates.
* **concat**: ROUGE-N of all predicted sentences against all reference sentences.
* **agreement**: ROUGE-N computed date by date, only between sentences of the same date; the
  n-gram hits of every date are summed, precision over every predicted n-gram, recall over every
  reference n-gram.
* **align+ m:1**: every predicted date is aligned to the reference date that minimises
  ``date_cost * content_cost`` (``1 - 1/(|days| + 1)`` times ``1 - ROUGE-1 F1 approximation``),
  for precision; every reference date likewise to a predicted date, for recall (many-to-one both
  ways). The hits of an aligned pair count ``1/(|days| + 1)``.

ROUGE counts as ROUGE-1.5.5 with ``-m -s`` (tilse's setting): lower-cased alphanumeric tokens,
stop words removed, Porter stems for tokens longer than 3 characters; n-grams over a summary's
tokens in order; hits are clipped counts. Two differences from the Perl script, both small: the
stop list is scikit-learn's English list (318 words) rather than ROUGE's SMART list (571), and
the Porter stemmer is NLTK's. Scores are micro-averaged within a timeline; the command averages
timelines (macro), as news-tls reports.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

Timeline = Mapping[date, Sequence[str]]
ORDERS = (1, 2)


@dataclass(frozen=True, slots=True)
class PRF:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS)


@lru_cache(maxsize=1)
def _stemmer():  # noqa: ANN202 - nltk's PorterStemmer (untyped)
    from nltk.stem import porter

    return porter.PorterStemmer()


@lru_cache(maxsize=200_000)
def _stem(token: str) -> str:
    return str(_stemmer().stem(token)) if len(token) > 3 else token


def tokens(text: str) -> list[str]:
    """ROUGE tokens of a text: lower case, alphanumeric, no stop words, stemmed."""
    from rouge_score.tokenize import tokenize

    stop = _stop_words()
    return [_stem(t) for t in tokenize(text, None) if t not in stop]


def ngrams(sentences: Iterable[str], n: int) -> Counter[tuple[str, ...]]:
    toks = [t for s in sentences for t in tokens(s)]
    return Counter(tuple(toks[i : i + n]) for i in range(len(toks) - n + 1))


@dataclass(frozen=True, slots=True)
class Counts:
    """ROUGE-N counts of a predicted summary against a reference: clipped hits, predicted
    n-grams, reference n-grams."""

    hits: float
    predicted: int
    reference: int


def counts(pred: Sequence[str], ref: Sequence[str], n: int) -> Counts:
    p, r = ngrams(pred, n), ngrams(ref, n)
    hits = sum(min(c, r[g]) for g, c in p.items())
    return Counts(hits, sum(p.values()), sum(r.values()))


def _ratio(num: float, den: float) -> float:
    return num / den if den else 0.0


def date_f1(pred: Timeline, ref: Timeline) -> PRF:
    shared = len(set(pred) & set(ref))
    return PRF(_ratio(shared, len(pred)), _ratio(shared, len(ref)))


def concat(pred: Timeline, ref: Timeline, n: int) -> PRF:
    c = counts(
        [s for d in sorted(pred) for s in pred[d]], [s for d in sorted(ref) for s in ref[d]], n
    )
    return PRF(_ratio(c.hits, c.predicted), _ratio(c.hits, c.reference))


def agreement(pred: Timeline, ref: Timeline, n: int) -> PRF:
    hits = 0.0
    p_den = r_den = 0
    for d in set(pred) | set(ref):
        c = counts(pred.get(d, ()), ref.get(d, ()), n)
        hits += c.hits
        p_den += c.predicted
        r_den += c.reference
    return PRF(_ratio(hits, p_den), _ratio(hits, r_den))


def rouge1_approximation(pred: Sequence[str], ref: Sequence[str]) -> float:
    """tilse's content cost: ROUGE-1 F1 over whitespace tokens, no stemming or stop list."""
    pc = Counter(t for s in pred for t in s.split())
    rc = Counter(t for s in ref for t in s.split())
    match = sum(min(c, rc[t]) for t, c in pc.items())
    p = _ratio(match, sum(pc.values()))
    r = _ratio(match, sum(rc.values()))
    return 2 * p * r / (p + r) if p + r else 0.0


def _weight(a: date, b: date) -> float:
    return 1.0 / (abs(a.toordinal() - b.toordinal()) + 1)


def _nearest(source: date, targets: Sequence[date], content: Sequence[float]) -> int:
    """The target minimising date cost x content cost (first of ties, as numpy's argmin)."""
    costs = [(1 - _weight(source, t)) * (1 - c) for t, c in zip(targets, content, strict=True)]
    return min(range(len(costs)), key=costs.__getitem__)


def align_many_to_one(pred: Timeline, ref: Timeline, n: int) -> PRF:
    """tilse's ``align_date_content_costs_many_to_one`` for one reference timeline."""
    pd, rd = sorted(pred), sorted(ref)
    hits_p = hits_r = 0.0
    p_den = r_den = 0
    approx = {(a, b): rouge1_approximation(pred[a], ref[b]) for a in pd for b in rd}
    for a in pd:  # precision: each predicted date to its cheapest reference date
        if not rd:
            p_den += counts(pred[a], (), n).predicted
            continue
        b = rd[_nearest(a, rd, [approx[(a, x)] for x in rd])]
        c = counts(pred[a], ref[b], n)
        hits_p += _weight(a, b) * c.hits
        p_den += c.predicted
    for b in rd:  # recall: each reference date to its cheapest predicted date
        if not pd:
            r_den += counts((), ref[b], n).reference
            continue
        a = pd[_nearest(b, pd, [approx[(x, b)] for x in pd])]
        c = counts(pred[a], ref[b], n)
        hits_r += _weight(a, b) * c.hits
        r_den += c.reference
    return PRF(_ratio(hits_p, p_den), _ratio(hits_r, r_den))


METRICS = ("concat", "agreement", "align_m1")


def evaluate(pred: Timeline, ref: Timeline) -> dict[str, PRF]:
    """Date F1 (``date``) and ``{metric}_r{n}`` for every metric and n in 1, 2."""
    out = {"date": date_f1(pred, ref)}
    for n in ORDERS:
        out[f"concat_r{n}"] = concat(pred, ref, n)
        out[f"agreement_r{n}"] = agreement(pred, ref, n)
        out[f"align_m1_r{n}"] = align_many_to_one(pred, ref, n)
    return out
