"""ROUGE-1/2/L with the ``rouge-score`` package (Porter stemming on), averaged over clusters."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

METRICS = ("rouge1", "rouge2", "rougeL")


@dataclass
class RougeTotals:
    """Running sums of precision/recall/F1 per metric, reported as percentages."""

    n: int = 0
    sums: dict[str, list[float]] = field(default_factory=dict)

    def add(self, scores: dict) -> None:  # noqa: ANN001 - rouge_score Score tuples
        self.n += 1
        for name, s in scores.items():
            acc = self.sums.setdefault(name, [0.0, 0.0, 0.0])
            acc[0] += s.precision
            acc[1] += s.recall
            acc[2] += s.fmeasure

    def mean(self, metric: str, kind: str = "f") -> float:
        """Mean ``kind`` ("p", "r" or "f") of ``metric`` over the added clusters, in percent."""
        if not self.n:
            return 0.0
        return 100.0 * self.sums[metric]["prf".index(kind)] / self.n


def make_scorer(metrics: Sequence[str] = METRICS):  # noqa: ANN201 - rouge_score.RougeScorer
    """A stemming RougeScorer for ``metrics``."""
    from rouge_score import rouge_scorer

    return rouge_scorer.RougeScorer(list(metrics), use_stemmer=True)


def truncate_words(text: str, words: int) -> str:
    """The first ``words`` whitespace-separated words of ``text``."""
    return " ".join(text.split()[:words])


def score_all(pairs: Iterable[tuple[str, str]], metrics: Sequence[str] = METRICS) -> RougeTotals:
    """Totals over (reference, system summary) pairs."""
    scorer = make_scorer(metrics)
    totals = RougeTotals()
    for ref, hyp in pairs:
        totals.add(scorer.score(ref, hyp))
    return totals
