"""Invented long articles for the memory of one briefing over many of them (docs/PERFORMANCE.md,
"One briefing over many long articles").

    .venv/bin/python bench/make_long_articles.py N SIZE OUT

writes N plain-text articles of about SIZE characters each into OUT (``aNNN.txt``, each with a
``date`` header line): sentences about a few invented people and places, with numbers, from a
fixed random seed, so two runs write the same files.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

NAMES = (
    "Alden Marsh",
    "Brenna Cole",
    "Port Veyra",
    "the Halvern Council",
    "Ostrel Bank",
    "Minister Dario Fenn",
)
VERBS = ("said", "announced", "warned", "denied", "confirmed", "reported")
NOUNS = [
    "bridge",
    "harbour",
    "budget",
    "tariff",
    "strike",
    "election",
    "flood",
    "contract",
    "pipeline",
    "vaccine",
    "railway",
    "treaty",
    "reservoir",
    "ferry",
]
ADJS = [
    "new",
    "delayed",
    "costly",
    "regional",
    "emergency",
    "public",
    "private",
    "disputed",
    "final",
    "early",
]


def sentence(rng: random.Random) -> str:
    cost = rng.randint(0, 999)  # drawn first: the order of the draws fixes the text
    who, verb = rng.choice(NAMES), rng.choice(VERBS)
    day = rng.choice(["Monday", "Tuesday", "Friday"])
    adj, noun = rng.choice(ADJS), rng.choice(NOUNS)
    many = rng.randint(2, 90)
    what = rng.choice(["towns", "families", "firms", "schools"])
    return (
        f"{who} {verb} on {day} that the {adj} {noun} would cost {cost} million crowns and "
        f"affect {many} {what} near {rng.choice(NAMES)}."
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int)
    ap.add_argument("size", type=int)
    ap.add_argument("out", type=Path)
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(7)
    for i in range(args.n):
        paras: list[str] = []
        total = 0
        while total < args.size:
            p = " ".join(sentence(rng) for _ in range(rng.randint(3, 7)))
            paras.append(p)
            total += len(p) + 2
        text = f"date 2025-03-0{1 + i % 9} " + "\n\n".join(paras)
        (args.out / f"a{i:03d}.txt").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
