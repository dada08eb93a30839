"""The story-level settings reach the briefing: the fact threshold and the summarizer's knobs."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

import newsfuse.summarize as summarize_module
from newsfuse import Settings, brief

pytestmark = pytest.mark.slow


def test_fact_threshold_and_summary_params_reach_the_briefing(
    example_dir: Path, nlp, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = []
    real = summarize_module.summarize

    def spy(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        seen.append(kwargs.get("params"))
        return real(*args, **kwargs)

    monkeypatch.setattr(summarize_module, "summarize", spy)
    base = Settings(progress=False, embeddings=False)
    strict = replace(
        base,
        crosscheck=replace(base.crosscheck, fact_threshold=0.95),
        summary=replace(base.summary, quote_bonus=0.0),
    )
    loose = brief([example_dir], base, nlp=nlp)
    tight = brief([example_dir], strict, nlp=nlp)
    assert seen == [base.summary, strict.summary]
    assert len(tight.facts) < len(loose.facts)
