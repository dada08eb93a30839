"""Briefing many stories: one executor stage, so ``--clusters`` runs on a process pool.

:class:`BriefStage` follows the executor contract (:mod:`newsfuse.executors.base`): ``setup``
loads the spaCy pipeline and the MiniLM encoder once per worker, and ``__call__`` turns a chunk
of stories into one :class:`StoryResult` per story, in order. A story that cannot be briefed
becomes an error line naming the story and the reason; it never stops the batch.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from newsfuse.config import Settings
from newsfuse.errors import Reject
from newsfuse.model import Article

#: One story to brief: its id, its readable articles, and the inputs rejected while reading it.
StoryInput = tuple[str, Sequence[Article], Sequence[Reject]]


@dataclass(frozen=True, slots=True)
class StoryResult:
    """The JSON briefing (or error object) of one story and what went wrong on the way."""

    story_id: str
    line: str  # one JSON document
    rejects: tuple[Reject, ...]  # inputs of the story left out (unreadable, empty, not English)
    error: str | None = None  # why the story itself could not be briefed

    @property
    def n_rejected(self) -> int:
        """Rejected inputs, counting a story that failed as one more."""
        return len(self.rejects) + (1 if self.error else 0)


@dataclass(frozen=True, slots=True)
class BriefStage:
    """Executor stage: brief each story of a chunk with models loaded once per worker.

    ``blas_threads`` is how many threads the encoder may use in each worker; with several
    workers on one machine, 1 avoids oversubscribing the cores.
    """

    settings: Settings
    indent: int | None = None
    blas_threads: int | None = None
    name: str = "brief"

    def share(self) -> None:
        """Load the language detector before the workers fork (they share its pages)."""
        from newsfuse.ingest.language import LanguageDetector

        LanguageDetector.load()

    def setup(self) -> tuple[Any, Any]:
        """Load the language pipeline and (unless disabled) the sentence encoder."""
        from newsfuse.analyze.nlp import load_nlp

        nlp = load_nlp(self.settings.model)
        encoder = None
        if self.settings.embeddings:
            from newsfuse.embed import load_encoder

            encoder = load_encoder(threads=self.blas_threads, runtime=self.settings.encoder_runtime)
        return nlp, encoder

    def __call__(self, context: tuple[Any, Any], chunk: list[StoryInput]) -> list[StoryResult]:
        """One result per story of ``chunk``, in order."""
        return [self.one(context, story) for story in chunk]

    def one(self, context: tuple[Any, Any], story: StoryInput) -> StoryResult:
        """Brief one story; a failure becomes an error line, not an exception."""
        from newsfuse.api import brief_articles
        from newsfuse.errors import NewsfuseError
        from newsfuse.render.json import to_json

        story_id, articles, rejects = story
        nlp, encoder = context
        try:
            b = brief_articles(
                list(articles),
                self.settings,
                nlp,
                rejects=list(rejects),
                story_id=story_id,
                encoder=encoder,
            )
        except NewsfuseError as exc:
            return self._failed(story_id, rejects, str(exc))
        except Exception as exc:  # noqa: BLE001 - one story's bug must not stop the batch
            from newsfuse.errors import E

            err = NewsfuseError(E.STORY_FAILED, f"story {story_id}", f"{type(exc).__name__}: {exc}")
            return self._failed(story_id, rejects, str(err))
        # what reading, cleaning and the language check left out (NF121), as `brief` lists it
        return StoryResult(story_id, to_json(b, indent=self.indent), tuple(b.rejects))

    @staticmethod
    def _failed(story_id: str, rejects: Sequence[Reject], message: str) -> StoryResult:
        line = json.dumps({"id": story_id, "error": message}, ensure_ascii=False)
        return StoryResult(story_id, line, tuple(rejects), message)
