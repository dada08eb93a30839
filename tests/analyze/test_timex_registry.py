"""Every grammar rule has exactly one evaluator, and an unknown rule is an error, not None."""

from __future__ import annotations

from dataclasses import replace

import pytest

from newsfuse.analyze.timex_grammar import RULES, compile_rules, find_candidates
from newsfuse.analyze.timex_values import EVALUATORS, Context, evaluate


def test_every_rule_has_an_evaluator() -> None:
    assert set(EVALUATORS) == {name for name, _ in RULES}


def test_an_unknown_rule_is_an_error() -> None:
    text = "The talks resumed on March 3, 2022."
    cand = next(c for c in find_candidates(text, compile_rules()) if c.rule == "mdy")
    assert evaluate(cand, Context(ref=None, tense="PAST", text=text)) == (
        "DATE",
        "2022-03-03",
        False,
    )
    with pytest.raises(KeyError):
        evaluate(replace(cand, rule="no-such-rule"), Context(ref=None, tense="PAST", text=text))
