"""The rule gates of the date grammar skip only rules that cannot match."""

from __future__ import annotations

import pytest

import newsfuse.analyze.timex_grammar as grammar

TEXTS = [
    "On Tuesday morning, two weeks from Friday, the board met at 9:30 a.m. EST.",
    "Profits in the third quarter of 2019 rose, as in the year-ago period and the 1990s.",
    "She arrived on New Year's Eve, stayed through Good  Friday and left the following day.",
    "In the twenties and the 19th century, nineteen fifty-two was a cold winter.",
    "The talks last week ended tonight; the report is issued weekly and daily since 2021-03-04.",
    "Nothing here but plain words about a harbour and a ferry.",
    "The deal, signed 12/05/2020 at noon, lasted for hours, as it has in recent years.",
]


@pytest.mark.parametrize("text", TEXTS)
def test_gated_candidates_equal_ungated(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    rules = grammar.compile_rules()
    gated = grammar.find_candidates(text, rules)
    monkeypatch.setattr(grammar, "GATES", {})
    assert grammar.find_candidates(text, rules) == gated


def test_gates_skip_rules_without_their_words(monkeypatch: pytest.MonkeyPatch) -> None:
    ran: list[str] = []
    rules = [(name, _Spy(name, pat, ran)) for name, pat in grammar.compile_rules()]
    grammar.find_candidates("Nothing here but plain words about a harbour.", rules)  # type: ignore[arg-type]
    assert "quarter" not in ran and "holiday" not in ran and "clock" not in ran
    assert "year" in ran  # ungated rules always run


def test_gates_per_line_equal_ungated(monkeypatch: pytest.MonkeyPatch) -> None:
    # one text of many lines: a gated rule's words stand on some lines and not on others
    text = "\n".join(TEXTS + TEXTS[::-1])
    rules = grammar.compile_rules()
    gated = grammar.find_candidates(text, rules)
    assert {"clock", "quarter", "weekday"} <= {c.rule for c in gated}
    monkeypatch.setattr(grammar, "GATES", {})
    assert grammar.find_candidates(text, rules) == gated


def test_gated_rule_runs_only_on_lines_with_its_words() -> None:
    ran: list[str] = []
    lines: list[str] = []
    rules = [(name, _Spy(name, pat, ran, lines)) for name, pat in grammar.compile_rules()]
    text = "Plain words about a ferry.\nThey met at 9:30 a.m. on the pier.\nMore plain words."
    found = grammar.find_candidates(text, rules)  # type: ignore[arg-type]
    assert [c.rule for c in found if c.rule == "clock"] == ["clock"]
    clock_lines = [line for name, line in zip(ran, lines, strict=True) if name == "clock"]
    assert clock_lines == ["They met at 9:30 a.m. on the pier."]
    year_lines = [line for name, line in zip(ran, lines, strict=True) if name == "year"]
    assert len(year_lines) == 3  # ungated rules run on every line


class _Spy:
    def __init__(self, name: str, pattern, ran: list[str], lines: list[str] | None = None) -> None:
        self.name, self.pattern, self.ran, self.lines = name, pattern, ran, lines

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None):
        self.ran.append(self.name)
        end = len(text) if endpos is None else endpos
        if self.lines is not None:
            self.lines.append(text[pos:end])
        return self.pattern.finditer(text, pos, end)
