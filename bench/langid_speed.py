"""CPU seconds of the language identifier: loading its model and classifying the 181 benchmark
articles, py3langid's own identifier against newsfuse's (:mod:`newsfuse.ingest.langid_fast`).

Usage (from the repository root)::

    PYTHONPATH=src nice -n 5 .venv/bin/python bench/langid_speed.py --repeats 3

Texts: the first 5,000 characters (what ``extract`` looks at) of each ``articleBody`` of
``../shared/data/article-extraction-benchmark/ground-truth.json``. Loads: py3langid's
``from_model_file`` (LZMA), newsfuse's from the wheel (LZMA) and from a cache folder (written
first in a temporary folder, then mapped). Prints the minimum of ``--repeats`` of each, and
checks that both give the same language and probability for every text. A benchmark, not a test.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TRUTH = ROOT.parent / "shared" / "data" / "article-extraction-benchmark" / "ground-truth.json"


def cpu(fn: Callable[[], Any], repeats: int) -> tuple[float, Any]:
    best, out = float("inf"), None
    for _ in range(repeats):
        t0 = time.process_time()
        out = fn()
        best = min(best, time.process_time() - t0)
    return best, out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    from newsfuse.ingest.langid_fast import FastIdentifier, load_cached
    from newsfuse.ingest.language import SAMPLE_CHARS

    bodies = json.loads(TRUTH.read_text(encoding="utf-8")).values()
    texts = [b["articleBody"][:SAMPLE_CHARS] for b in bodies]
    r = args.repeats
    t, ref = cpu(lambda: LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True), r)
    print(f"load py3langid (LZMA)            {t:.3f} s")
    t, fast = cpu(FastIdentifier.from_wheel, r)
    print(f"load newsfuse from the wheel     {t:.3f} s")
    with tempfile.TemporaryDirectory() as tmp:
        load_cached(Path(tmp))
        t, fast = cpu(lambda: load_cached(Path(tmp)), r)
        print(f"load newsfuse from a cache       {t:.3f} s")
        t, a = cpu(lambda: [ref.classify(x) for x in texts], r)
        print(f"classify {len(texts)} texts, py3langid   {t:.3f} s")
        t, b = cpu(lambda: [fast.classify(x) for x in texts], r)
        print(f"classify {len(texts)} texts, newsfuse    {t:.3f} s")
    print("same language and probability:", a == b)


if __name__ == "__main__":
    main()
