"""Small synthetic corpora shared by the store, corpus and executor tests (texts written here)."""

from __future__ import annotations

from newsfuse.config import Settings
from newsfuse.model import Article
from newsfuse.store import Store

WORDS = {
    "quake": "earthquake Sendai tremor magnitude aftershock tsunami evacuation coast Miyagi",
    "vote": "election ballot Helsinki parliament coalition turnout candidate Finland minister",
    "space": "rocket launch orbit Kourou satellite payload Ariane booster countdown Guiana",
}


def make_articles(n: int) -> list[Article]:
    """``n`` distinct short articles over three topics (every text unique)."""
    out = []
    topics = list(WORDS)
    for i in range(n):
        t = topics[i % 3]
        words = WORDS[t].split()
        text = (
            f"Report {i} on the {t} story. "
            + " ".join(words[(i + k) % len(words)] for k in range(12))
            + f". Witness number {i} described the {words[i % len(words)]} in detail."
        )
        out.append(Article(id=f"{t}-{i}", text=text, url=f"https://news.example/{t}/{i}"))
    return out


def settings() -> Settings:
    return Settings(jobs=1, progress=False)


def snapshot(store: Store) -> tuple:
    c = store.conn
    return (
        store.counts(),
        c.execute("SELECT id, chash, text FROM articles ORDER BY id").fetchall(),
        c.execute("SELECT article, story FROM story_members ORDER BY article").fetchall(),
        c.execute("SELECT id, size, signature FROM stories ORDER BY id").fetchall(),
        c.execute("SELECT * FROM dup_members ORDER BY article").fetchall(),
        c.execute("SELECT term, df FROM term_df ORDER BY term").fetchall(),
    )
