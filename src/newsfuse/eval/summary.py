"""``newsfuse eval summary``: ROUGE of newsfuse's summarizer and baselines on Multi-News.

Each input line is ``{"id", "documents": [text, ...], "summary": reference}``. Every document
becomes an Article, the analysis stage runs once per cluster (spaCy, NER disabled for speed), and
each system summarizes the same Analysis records. Two settings are reported: ROUGE-1/2/L F1 of a
``--words``-word summary (sentences dropped rather than cut) and ROUGE-1/2 recall of a summary
truncated to 100 words (the DUC-2004 convention).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from newsfuse.eval.progress import Quiet, track, with_progress

if TYPE_CHECKING:
    from spacy.language import Language

    from newsfuse.model import Analysis

DEFAULT_DATA = Path("../shared/data/multinews200/clusters.jsonl")
SYSTEMS = ("lead", "lexrank", "centroid", "sumy-lexrank", "sumy-textrank", "newsfuse")
RECALL_WORDS = 100
# published figures on the full Multi-News test set (ROUGE-1/2 F1), for context
REFERENCE_POINTS = (
    ("lead (published)", 43.4, 13.6),
    ("LexRank (published)", 43.2, 13.4),
    ("PRIMERA, abstractive (published)", 49.9, 21.1),
)
# published DUC 2004 task 2 figures (ROUGE-1/2 recall @100 words), for orientation on newswire days
DUC_POINTS = (
    ("DPP, DUC 2004 (published)", 39.84, 9.62),
    ("ICSISumm, DUC 2004 (published)", 38.44, 9.81),
)


def published_rows(timeline: bool) -> list[tuple[str, ...]]:
    """The terminal table's published rows: DUC 2004 recall for newswire days, else Multi-News F1.

    Each row has the table's seven columns (system, three F1, two recall @100, speed)."""
    if timeline:
        return [(n, "", "", "", f"{r1:.2f}", f"{r2:.2f}", "") for n, r1, r2 in DUC_POINTS]
    return [(n, f"{r1:.1f}", f"{r2:.1f}", "", "", "", "") for n, r1, r2 in REFERENCE_POINTS]


def read_clusters(path: Path, limit: int | None = None) -> Iterator[dict]:
    """The clusters of a Multi-News style JSONL file, at most ``limit``."""
    with path.open(encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if limit is not None and i >= limit:
                return
            if line.strip():
                yield json.loads(line)


def analyze_clusters(clusters: Sequence[dict], nlp: Language) -> list[list[Analysis]]:
    """Analysis records of every document of every cluster, with the real analysis stage."""
    from newsfuse.analyze.pipeline import analyze_many
    from newsfuse.model import Article

    out = []
    for c in track(clusters, "analysing clusters"):
        arts = [
            Article(id=f"{str(c['id'])[:12]}-{i}", text=text)
            for i, text in enumerate(c["documents"])
        ]
        out.append(list(analyze_many(arts, nlp)))
    return out


def summary_text(sentences: Sequence) -> str:  # noqa: ANN001 - SummarySentence
    return "\n".join(s.text for s in sentences)


def evaluate(
    clusters: Sequence[dict],
    analyses: Sequence[Sequence],
    systems: Sequence[str],
    words: int,
    split: Callable[[str], str] | None = None,
) -> dict[str, dict[str, float]]:
    """Per system: R1/R2/RL F1 at ``words`` words, R1/R2 recall at 100 words, clusters/s.

    With ``split`` (cluster id -> part name, e.g. tuning or held-out topics) also the recall
    at 100 words of each part, as ``rouge1_r100@part``, ``rouge2_r100@part`` and ``n@part``."""
    from newsfuse.eval.rouge import make_scorer, truncate_words
    from newsfuse.summarize import summarize

    scorer = make_scorer()
    results: dict[str, dict[str, float]] = {}
    for system in systems:
        f_sums = {"rouge1": 0.0, "rouge2": 0.0, "rougeL": 0.0}
        r_sums = {"rouge1": 0.0, "rouge2": 0.0}
        parts: dict[str, list[float]] = {}  # part -> [R-1 recall sum, R-2 recall sum, n]
        spent = 0.0
        pairs = zip(clusters, analyses, strict=True)
        for cluster, ans in track(pairs, f"summarising ({system})", len(clusters)):
            ref = cluster["summary"]
            t0 = time.perf_counter()
            long = summarize(ans, words=words, algorithm=system)
            short = summarize(ans, words=RECALL_WORDS, truncate=True, algorithm=system)
            spent += time.perf_counter() - t0
            f = scorer.score(ref, summary_text(long))
            r = scorer.score(ref, truncate_words(summary_text(short), RECALL_WORDS))
            for k in f_sums:
                f_sums[k] += f[k].fmeasure
            for k in r_sums:
                r_sums[k] += r[k].recall
            if split is not None:
                acc = parts.setdefault(split(str(cluster["id"])), [0.0, 0.0, 0.0])
                acc[0] += r["rouge1"].recall
                acc[1] += r["rouge2"].recall
                acc[2] += 1
        n = max(1, len(clusters))
        results[system] = {
            **{f"{k}_f": 100 * v / n for k, v in f_sums.items()},
            **{f"{k}_r100": 100 * v / n for k, v in r_sums.items()},
            "clusters_per_s": 2 * len(clusters) / spent if spent else 0.0,
        }
        for part, (r1, r2, m) in parts.items():
            results[system].update(
                {f"rouge1_r100@{part}": 100 * r1 / m, f"rouge2_r100@{part}": 100 * r2 / m}
            )
            results[system][f"n@{part}"] = m
    return results


TIMELINE_INTRO = (
    "Newswire dev set built from `../shared/data/timeline17-dev` "
    "(`src/newsfuse/eval/summary_timeline.py`): one cluster is one day of one topic/outlet "
    "folder that the journalists' timeline has an entry for, its input that day's articles "
    "(at most ten, by file name, as DUC 2004 gives ten; their Treebank tokenisation undone, "
    "so that the 100 words are words, not commas), its reference the timeline entry of "
    "that date (63 words on average, shorter than DUC's 100-word models); the first ten such "
    "days of each folder in date order (`--days`). Leave-topic-out: summarizer settings may be "
    "tuned only on the days of the tuning topics (LibyaWar, SyrianCrisis folders); the held-out "
    "topics (EgyptianProtest, IraqWar, haiti) are reported apart below."
)


def split_table(results: dict) -> list[str]:
    """Markdown rows of recall @100 per part (tuning / held-out topics), if ``results`` has them."""
    from newsfuse.eval.summary_timeline import SPLITS

    first: dict[str, float] = next(iter(results.values()), {})
    parts = [p for p in SPLITS if f"n@{p}" in first]
    if not parts:
        return []
    head = " | ".join(f"{p} topics ({first[f'n@{p}']:.0f} days) R-1 / R-2 R @100" for p in parts)
    lines = ["", f"| system | {head} |", "|---|" + "---:|" * len(parts)]
    for name, r in results.items():
        cells = " | ".join(
            f"{r[f'rouge1_r100@{p}']:.1f} / {r[f'rouge2_r100@{p}']:.1f}" for p in parts
        )
        lines.append(f"| {name} | {cells} |")
    return lines


def render_markdown(
    results: dict, words: int, n: int, command: str, docs_per: float, timeline: bool = False
) -> str:
    """The ``docs/eval/summary.md`` section (``summary-timeline17.md`` for Timeline17)."""
    source = "`../shared/data/multinews200/clusters.jsonl`"
    lines = [
        "# Summary evaluation (Timeline17 days)"
        if timeline
        else "# Summary evaluation (Multi-News)",
        "",
        f"Command: `{command}`",
        "",
        *([TIMELINE_INTRO, ""] if timeline else []),
        f"{n} clusters of {'Timeline17 days' if timeline else source} ({docs_per:.1f} articles "
        "per cluster on average). ROUGE with `rouge-score` 0.1.2, Porter stemming on. "
        f"F1 columns: summaries of at most {words} words (whole sentences). R100 columns: "
        f"recall of summaries truncated to {RECALL_WORDS} words (DUC-2004 convention). "
        "Speed: summaries per second after analysis (both lengths), wall-clock on the shared "
        "2-core machine while other jobs ran.",
        "",
        f"| system | R-1 F1 @{words} | R-2 F1 @{words} | R-L F1 @{words} | R-1 R @100 "
        "| R-2 R @100 | summaries/s |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, r in results.items():
        lines.append(
            f"| {name} | {r['rouge1_f']:.1f} | {r['rouge2_f']:.1f} | {r['rougeL_f']:.1f} "
            f"| {r['rouge1_r100']:.1f} | {r['rouge2_r100']:.1f} | {r['clusters_per_s']:.0f} |"
        )
    for name, r1, r2 in () if timeline else REFERENCE_POINTS:
        lines.append(f"| {name} | {r1:.1f} | {r2:.1f} | | | | |")
    if timeline:
        lines += split_table(results)
        lines += [
            "",
            "Published DUC 2004 task 2 figures (ROUGE-1 / 2 recall @100 words, other documents "
            "and 100-word references, for orientation only): "
            + ", ".join(f"{n.split(',')[0]} {r1:.2f} / {r2:.2f}" for n, r1, r2 in DUC_POINTS)
            + ".",
            "",
        ]
        return "\n".join(lines)
    nf = results.get("newsfuse")
    if nf:
        lines += [
            "",
            f"Gap to PRIMERA (abstractive, full test set): "
            f"{49.9 - nf['rouge1_f']:.1f} ROUGE-1 / {21.1 - nf['rouge2_f']:.1f} ROUGE-2 F1 points.",
        ]
    lines += [
        "",
        "Published rows are from the literature on the full Multi-News test set and are not "
        "directly comparable to this 200-cluster sample; the baselines above were run here on "
        "the same sample with the same scorer.",
        "",
    ]
    return "\n".join(lines)


def register(app: typer.Typer) -> None:
    """Add ``newsfuse eval summary`` to ``app``."""

    @app.command("summary")
    @with_progress
    def summary_cmd(
        data: Annotated[
            Path,
            typer.Option(help="Multi-News style clusters.jsonl, or a Timeline17 folder"),
        ] = DEFAULT_DATA,
        limit: Annotated[int | None, typer.Option(help="only the first N clusters")] = None,
        days: Annotated[
            int, typer.Option(help="Timeline17: days per topic/outlet folder, in date order")
        ] = 10,
        words: Annotated[int, typer.Option(help="summary length for the F1 columns")] = 250,
        systems: Annotated[str, typer.Option(help="comma-separated systems")] = ",".join(SYSTEMS),
        write_doc: Annotated[
            bool, typer.Option("--write-doc", help="write docs/eval/summary.md")
        ] = False,
        cache: Annotated[
            Path | None,
            typer.Option(help="pickle of the analyses to reuse between runs (outside the repo)"),
        ] = None,
        quiet: Quiet = False,
    ) -> None:
        """ROUGE of newsfuse's summarizer against lead, LexRank, centroid and sumy baselines."""
        import pickle
        import sys

        from rich.console import Console
        from rich.table import Table

        timeline = data.is_dir()
        if timeline:  # a Timeline17 folder: one cluster per day with a journalists' entry
            from newsfuse.eval.summary_timeline import timeline_clusters

            clusters = timeline_clusters(data, per_topic=days)[:limit]
        else:
            clusters = list(read_clusters(data, limit))
        analyses = None
        if cache is not None and cache.exists():
            stored = pickle.loads(cache.read_bytes())
            if [a[0].article.id for a in stored[: len(clusters)] if a] == [
                f"{str(c['id'])[:12]}-0" for c in clusters if c["documents"]
            ][: len(stored)]:
                analyses = stored[: len(clusters)]
        if analyses is None or len(analyses) < len(clusters):
            from newsfuse.analyze.nlp import load_nlp

            analyses = analyze_clusters(clusters, load_nlp(disable=("ner",)))
            if cache is not None:
                cache.write_bytes(pickle.dumps(analyses))
        chosen = [s.strip() for s in systems.split(",") if s.strip()]
        split: Callable[[str], str] | None = None
        if timeline:
            from newsfuse.eval.summary_timeline import topic_split

            split = topic_split
        results = evaluate(clusters, analyses, chosen, words, split)
        table = Table(
            title=f"{'Timeline17 days' if timeline else 'Multi-News'}, {len(clusters)} clusters"
        )
        for col in (
            "system",
            f"R1 F@{words}",
            f"R2 F@{words}",
            f"RL F@{words}",
            "R1 R@100",
            "R2 R@100",
            "summ/s",
        ):
            table.add_column(col, justify="left" if col == "system" else "right")
        for name, r in results.items():
            table.add_row(
                name,
                f"{r['rouge1_f']:.1f}",
                f"{r['rouge2_f']:.1f}",
                f"{r['rougeL_f']:.1f}",
                f"{r['rouge1_r100']:.1f}",
                f"{r['rouge2_r100']:.1f}",
                f"{r['clusters_per_s']:.0f}",
            )
        for row in published_rows(timeline):
            table.add_row(*row)
        Console().print(table)
        for line in split_table(results):  # leave-topic-out parts of Timeline17
            Console().print(line, markup=False)
        if write_doc:
            argv = " ".join(a for a in sys.argv[1:])
            command = f"newsfuse {argv}" if argv else "newsfuse eval summary"
            docs_per = sum(len(c["documents"]) for c in clusters) / max(1, len(clusters))
            out = Path("docs/eval/summary-timeline17.md" if timeline else "docs/eval/summary.md")
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(
                render_markdown(results, words, len(clusters), command, docs_per, timeline)
            )
            Console().print(f"wrote {out}")
