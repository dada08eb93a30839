"""The quality floors of tests/floors.py: each one used by a gate test, none written elsewhere."""

from __future__ import annotations

import re
from pathlib import Path

from floors import FLOORS

TESTS = Path(__file__).resolve().parent


def test_every_floor_is_used_and_sits_below_its_measure() -> None:
    text = "\n".join(p.read_text(encoding="utf-8") for p in TESTS.rglob("test_*.py"))
    for name, f in FLOORS.items():
        assert f'floor("{name}")' in text, name
        assert f.data, name
        if f.measured is not None:
            assert f.floor <= f.measured, name


def test_gate_tests_take_their_floors_from_one_place() -> None:
    for path in TESTS.rglob("test_*.py"):
        text = path.read_text(encoding="utf-8")
        if "mark.gate" in text:
            assert not re.search(r"\bFLOORS? *=|FLOOR_[A-Z_]+ *=|GATE_[A-Z_]+ *= *0\.", text), path
