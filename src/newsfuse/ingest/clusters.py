"""Stories given as JSONL, one per line: ``{"id", "articles": [{"id","text" or "html",...}]}`` or
``{"id", "documents": [text, ...]}`` (the Multi-News layout)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from newsfuse.config import Settings
from newsfuse.errors import E, reject
from newsfuse.ingest import finish_article
from newsfuse.ingest.jsonl import read_jsonl
from newsfuse.ingest.source import load_registry
from newsfuse.model import Article, Reject

Story = tuple[str, list[Article], list[Reject]]


def read_clusters(path: Path, settings: Settings) -> Iterator[Story]:
    """Yield (story id, articles, rejects) per line, in file order; a bad line is a story with
    no articles and one reject."""
    registry = load_registry()
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            where = f"{path}:{lineno}"
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                yield (
                    f"line-{lineno}",
                    [],
                    [reject(where, "read", E.BAD_JSONL, f"{exc.msg} column {exc.colno}")],
                )
                continue
            sid = (
                str(rec.get("id", f"line-{lineno}")) if isinstance(rec, dict) else f"line-{lineno}"
            )
            if not isinstance(rec, dict):
                yield sid, [], [reject(where, "read", E.BAD_JSONL, "not an object")]
                continue
            items = rec.get("articles")
            if items is None and isinstance(rec.get("documents"), list):
                items = [{"id": f"{sid}-{i}", "text": d} for i, d in enumerate(rec["documents"])]
            if not isinstance(items, list):
                yield sid, [], [reject(where, "read", E.BAD_RECORD, "no `articles` or `documents`")]
                continue
            body = "\n".join(json.dumps(x) for x in items)
            articles: list[Article] = []
            rejects: list[Reject] = []
            for i, out in enumerate(read_jsonl(body, name=f"{where} story {sid}", id_prefix=sid)):
                if isinstance(out, Reject):
                    rejects.append(out)
                    continue
                out = finish_article(replace(out, id=out.id or f"{sid}-{i}"), settings, registry)
                articles.append(out)
            yield sid, articles, rejects
