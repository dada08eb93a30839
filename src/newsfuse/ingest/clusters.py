"""Stories given as JSONL, one per line: ``{"id", "articles": [{"id","text" or "html",...}]}`` or
``{"id", "documents": [text, ...]}`` (the Multi-News layout)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from newsfuse.config import Settings
from newsfuse.errors import E, NewsfuseError, reject
from newsfuse.ingest import finish_article
from newsfuse.ingest.jsonl import read_jsonl
from newsfuse.ingest.source import load_registry
from newsfuse.model import Article, Reject

Story = tuple[str, list[Article], list[Reject]]


def read_clusters(path: Path, settings: Settings) -> Iterator[Story]:
    """Yield (story id, articles, rejects) per line, in file order; a bad line (not UTF-8,
    NF105; not JSON, NF107) is a story with no articles and one reject. A file that cannot be
    opened (missing, NF101; a folder or without permission, NF102) raises
    :class:`~newsfuse.errors.NewsfuseError`."""
    registry = load_registry()
    try:
        fh = open(path, "rb")  # noqa: SIM115 - closed below; opening is what may fail here
    except FileNotFoundError:
        raise NewsfuseError(E.NOT_FOUND, str(path)) from None
    except IsADirectoryError:
        detail = "a folder: --clusters takes one JSONL file of stories"
        raise NewsfuseError(E.UNREADABLE, str(path), detail) from None
    except OSError as exc:  # no permission
        raise NewsfuseError(E.UNREADABLE, str(path), exc.strerror or str(exc)) from None
    with fh:
        for lineno, raw in enumerate(fh, start=1):
            where = f"{path}:{lineno}"
            try:
                line = raw.decode("utf-8-sig" if lineno == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                detail = f"not UTF-8 ({exc.reason} at byte {exc.start} of the line)"
                yield f"line-{lineno}", [], [reject(where, "read", E.UNDECODABLE, detail)]
                continue
            if not line.strip():
                continue
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
