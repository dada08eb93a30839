"""``newsfuse eval summary``: the harness on a hand-made cluster, and the ROUGE gate on real data."""

from __future__ import annotations

import json
import re

import pytest

from floors import floor
from newsfuse.eval.rouge import score_all, truncate_words
from newsfuse.eval.summary import analyze_clusters, evaluate, read_clusters, render_markdown
from newsfuse.model import Analysis, Article, Sentence, Span

DOCS = [
    "The river flooded the old town on Monday after three days of heavy rain. "
    "Rescue teams moved two hundred residents to the school gym by boat. "
    "The mayor asked the national government for emergency funds on Tuesday.",
    "Two hundred residents of the old town were moved to a school gym after the river flooded. "
    "Heavy rain had fallen for three days before the river broke its banks on Monday. "
    "Local shops stayed closed while the water level slowly went down.",
]
REFERENCE = (
    "The river flooded the old town on Monday after three days of rain, and rescue teams moved "
    "two hundred residents to a school gym."
)


def _analysis(aid: str, text: str) -> Analysis:
    sents, lemmas = [], []
    for m in re.finditer(r"[^.]+\.", text):
        s = m.start() + (len(m.group()) - len(m.group().lstrip()))
        sents.append(Sentence(Span(aid, s, m.end()), text[s : m.end()]))
        lemmas.append(
            tuple(w for w in re.findall(r"[a-z]+", text[s : m.end()].lower()) if len(w) > 3)
        )
    return Analysis(Article(id=aid, text=text), tuple(sents), lemmas=tuple(lemmas))


def test_read_clusters_limit(tmp_path):
    path = tmp_path / "c.jsonl"
    rows = [{"id": str(i), "documents": DOCS, "summary": REFERENCE} for i in range(3)]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    assert [c["id"] for c in read_clusters(path)] == ["0", "1", "2"]
    assert [c["id"] for c in read_clusters(path, limit=2)] == ["0", "1"]


def test_evaluate_reports_every_system_and_setting():
    cluster = {"id": "x", "documents": DOCS, "summary": REFERENCE}
    analyses = [_analysis(f"x-{i}", d) for i, d in enumerate(DOCS)]
    systems = ["lead", "lexrank", "centroid", "newsfuse"]
    results = evaluate([cluster], [analyses], systems, words=40)
    assert list(results) == systems
    for r in results.values():
        for key in ("rouge1_f", "rouge2_f", "rougeL_f", "rouge1_r100", "rouge2_r100"):
            assert 0.0 < r[key] <= 100.0
    # the reference restates the first sentences: every system must overlap it substantially
    assert results["newsfuse"]["rouge1_f"] > 30.0
    doc = render_markdown(results, 40, 1, "newsfuse eval summary --limit 1", 2.0)
    assert "`newsfuse eval summary --limit 1`" in doc
    assert "| newsfuse |" in doc and "PRIMERA" in doc


def test_rouge_helpers():
    assert truncate_words("a b  c d", 2) == "a b"
    same = score_all([(REFERENCE, REFERENCE)])
    assert same.mean("rouge1") == pytest.approx(100.0)
    other = score_all([(REFERENCE, "completely unrelated words here")])
    assert other.mean("rouge2") == 0.0


@pytest.mark.slow
def test_sumy_baselines_run_offline(shared_dir):
    from newsfuse.summarize import summarize

    cluster = next(read_clusters(shared_dir / "data/multinews200/clusters.jsonl", 1))
    analyses = [_analysis(f"s-{i}", d) for i, d in enumerate(cluster["documents"])]
    for algorithm in ("sumy-lexrank", "sumy-textrank"):
        summary = summarize(analyses, words=100, algorithm=algorithm)
        assert summary and sum(len(s.text.split()) for s in summary) <= 100
        for s in summary:  # every sentence is located in its article
            c = s.citations[0]
            text = analyses[int(c.article.split("-")[1])].article.text[c.start : c.end]
            assert text.split() == s.text.split()


@pytest.mark.slow
@pytest.mark.gate
def test_rouge_gate_first_clusters(shared_dir, nlp):
    """ROUGE floors on the first 15 Multi-News clusters (tests/floors.py; lead measured 41.6 /
    12.0)."""
    clusters = list(read_clusters(shared_dir / "data/multinews200/clusters.jsonl", 15))
    analyses = analyze_clusters(clusters, nlp)
    results = evaluate(clusters, analyses, ["lead", "newsfuse"], words=250)
    nf, lead = results["newsfuse"], results["lead"]
    assert nf["rouge1_f"] >= floor("summary.rouge1_f"), nf
    assert nf["rouge2_f"] >= floor("summary.rouge2_f"), nf
    assert nf["rouge1_r100"] >= floor("summary.rouge1_r100"), nf
    assert nf["rouge1_f"] > lead["rouge1_f"] and nf["rouge2_f"] > lead["rouge2_f"]


def test_evaluate_reports_the_parts_of_a_split():
    clusters = [{"id": f"{t}/d", "documents": DOCS, "summary": REFERENCE} for t in ("A", "B", "B")]
    analyses = [[_analysis(f"{c['id']}-{i}", d) for i, d in enumerate(DOCS)] for c in clusters]
    results = evaluate(
        clusters, analyses, ["lead", "newsfuse"], words=40, split=lambda cid: cid.split("/")[0]
    )
    for r in results.values():
        assert (r["n@A"], r["n@B"]) == (1, 2)
        # the clusters are the same: each part's mean is the whole set's mean
        assert r["rouge1_r100@A"] == pytest.approx(r["rouge1_r100"])
        assert r["rouge2_r100@B"] == pytest.approx(r["rouge2_r100"])
    named = evaluate(
        clusters,
        analyses,
        ["newsfuse"],
        words=40,
        split=lambda cid: "tuning" if cid.startswith("A") else "held-out",
    )
    doc = render_markdown(named, 40, 3, "newsfuse eval summary", 2.0, timeline=True)
    assert "tuning topics (1 days)" in doc and "held-out topics (2 days)" in doc
    assert "PRIMERA" not in doc
