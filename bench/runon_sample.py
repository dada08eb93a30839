"""Where the run-on splitter cuts sentences of random Timeline17 pages: a check of false splits.

    PYTHONPATH=src .venv/bin/python bench/runon_sample.py [--pages 100] [--seed 11] [--show]

``--pages`` pages drawn with ``random.Random(seed).sample`` from every page of
``../shared/data/timeline17-dev`` (sorted paths), each read as ``newsfuse eval furniture`` reads
it (detokenized), cleaned without a store, parsed, and analysed; prints the sentences before the
splitter, its cuts, and (``--show``) each cut in its sentence, to be read by hand. The splitter
has no gold set: a cut is right when a sentence lost its full stop there.

Not a test; the figure is in docs/EVAL.md ("The run-on splitter cut ...").
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared/data/timeline17-dev"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=100)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--show", action="store_true", help="print each cut in its sentence")
    args = ap.parse_args(argv)

    from newsfuse.analyze.nlp import load_nlp
    from newsfuse.analyze.pipeline import parse, sentence_bounds
    from newsfuse.analyze.standalone import hidden_boundaries
    from newsfuse.clean import clean_articles
    from newsfuse.eval.summary_timeline import detokenize
    from newsfuse.model import Article

    paths = sorted(args.data.glob("*/InputDocs/*/*.txt"))
    chosen = random.Random(args.seed).sample(paths, args.pages)
    raw = [
        Article(
            id=f"{p.parent.name}/{p.name}",
            text=detokenize(p.read_text(encoding="utf-8", errors="replace")),
            source=p.parents[2].name.rsplit("_", 1)[-1],
            published=date.fromisoformat(p.parent.name),
            path=str(p),
        )
        for p in chosen
    ]
    articles = [a for a in clean_articles(raw) if isinstance(a, Article)]
    nlp = load_nlp()
    sentences = cuts = 0
    for a in articles:
        doc = parse(nlp, a.text)
        bounds = sentence_bounds(a.text, [(s.start_char, s.end_char) for s in doc.sents])
        sentences += len(bounds)
        for s, e in bounds:
            found = hidden_boundaries(doc, s, e)
            cuts += len(found)
            if args.show:
                for c in found:
                    print(f"{a.id}: {a.text[max(s, c - 90) : c]} || {a.text[c : min(e, c + 70)]}")
    print(f"pages {len(articles)}, sentences {sentences}, cuts {cuts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
