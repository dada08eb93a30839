"""The language of an article, detected at read (py3langid, its model shipped in the wheel).

Entities, quotes, dates and the summary are English-only (the spaCy pipeline is English): an
article detected, with confidence, to be in another language is kept and stored with its
language, but not analysed; it carries a numbered note (NF121) and the briefing lists it as left
out. A short or uncertain text is not judged (``language`` stays None) and is treated as English,
so an English article is never left out on a weak guess.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsfuse.errors import E

if TYPE_CHECKING:
    from newsfuse.model import Article

#: the languages the analysis handles
ANALYSED = frozenset({"en"})
#: characters looked at: the start of the text is enough, and bounds the cost of a long one
SAMPLE_CHARS = 5_000


@dataclass(frozen=True, slots=True)
class LanguageDetector:
    """py3langid's identifier (its features counted by NumPy: :mod:`newsfuse.ingest.langid_fast`;
    its model decompressed once into :func:`model_cache` and mapped from there: a few
    milliseconds to load after the first time), with the thresholds under
    which a text is not judged."""

    identifier: Any
    min_chars: int = 200
    min_probability: float = 0.9

    @classmethod
    def load(cls) -> LanguageDetector:
        """The detector of this process, loaded at the first call (about 80 MB, mostly two
        read-only arrays: worker processes forked after it share those pages with it)."""
        global _LOADED
        if _LOADED is None:
            from newsfuse.ingest.langid_fast import load_cached

            _LOADED = cls(load_cached(model_cache()))
        return _LOADED

    def detect(self, text: str) -> str | None:
        """The ISO 639-1 code of ``text``'s language, or None when too short or uncertain."""
        sample = text[:SAMPLE_CHARS]
        if len(sample.strip()) < self.min_chars:
            return None
        lang, prob = self.identifier.classify(sample)
        return str(lang) if float(prob) >= self.min_probability else None


_LOADED: LanguageDetector | None = None
_CACHE: Path | None = None


def set_model_cache(folder: str | os.PathLike[str] | None) -> None:
    """Where this process keeps the decompressed language model (the ``model_cache`` setting;
    None: :func:`model_cache`'s default). Takes effect at the model's first load."""
    global _CACHE
    _CACHE = Path(folder).expanduser() if folder else None


def model_cache() -> Path:
    """The folder of the decompressed language model: the ``model_cache`` setting, else
    ``$XDG_CACHE_HOME/newsfuse``, else ``~/.cache/newsfuse``."""
    if _CACHE is not None:
        return _CACHE
    base = os.environ.get("XDG_CACHE_HOME") or str(Path("~/.cache").expanduser())
    return Path(base) / "newsfuse"


def not_analysed_note(language: str) -> str:
    return f"[{E.NOT_ENGLISH.code}] detected language {language!r}: {E.NOT_ENGLISH.text}"


def with_language(article: Article, detector: LanguageDetector) -> Article:
    """``article`` with its detected language; a note when it will not be analysed."""
    lang = detector.detect(article.text)
    if lang is None:
        return article if article.language is None else replace(article, language=None)
    notes = article.notes
    if not analysed(lang):
        notes = (*notes, not_analysed_note(lang))
    return replace(article, language=lang, notes=notes)


def analysed(language: str | None) -> bool:
    """Whether an article in ``language`` (None: not judged) is analysed."""
    return language is None or language in ANALYSED
