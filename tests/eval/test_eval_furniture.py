"""``newsfuse eval furniture``: recurring lines of an outlet's folder, items holding them, gate."""

from __future__ import annotations

from pathlib import Path

import pytest

from floors import floor
from newsfuse.config import Settings
from newsfuse.eval.furniture import (
    briefed_days,
    evaluate,
    furniture_in,
    line_key,
    load_folder,
    outlet_of,
)

POLICY = "We welcome comments on our stories for a short while after they appear ."


def _folder(root: Path) -> Path:
    folder = root / "Floods_harbourtimes"
    for day, n in (("2020-03-01", 2), ("2020-03-02", 1), ("2020-03-03", 3)):
        (folder / "InputDocs" / day).mkdir(parents=True)
        for i in range(n):
            body = f"The river rose by {i + 2} metres on day {day} ."
            (folder / "InputDocs" / day / f"{i}.htm.txt").write_text(
                f"{body}\n{POLICY}\nShort line\n", encoding="utf-8"
            )
    return folder


def test_recurring_lines_need_three_articles_on_two_days(tmp_path: Path) -> None:
    f = load_folder(_folder(tmp_path))
    assert f.outlet == "harbourtimes" and outlet_of("Iraq_guardian") == "guardian"
    assert line_key(POLICY) in f.recurring
    assert line_key("Short line") not in f.recurring  # under three words: not judged
    # the body differs only in its numbers: one key, in all six articles on three days
    assert line_key("The river rose by 9 metres on day 2020-03-01 .") in f.recurring
    assert f.multi_days() == ["2020-03-01", "2020-03-03"]
    assert briefed_days(f, 1) == ["2020-03-01"]


def test_an_item_holds_a_line_inside_it_or_lies_inside_one() -> None:
    rec = {line_key(POLICY)}
    assert furniture_in(["Rain fell. " + POLICY], rec)
    assert furniture_in(["We welcome comments on our stories"], rec)
    assert furniture_in(["on our"], rec) is None  # too short to judge
    assert furniture_in(["The river rose by two metres."], rec) is None


def _gate_share(shared_dir: Path, nlp, folder: str) -> float:
    """Share of briefing items free of the folder's recurring lines: 3 days, 5 articles each."""
    settings = Settings().with_(progress=False, jobs=1, embeddings=False)
    results = evaluate(
        shared_dir / "data" / "timeline17-dev",
        [folder],
        per_topic=3,
        max_docs=5,
        settings=settings,
        nlp=nlp,
        encoder=None,
    )
    t = results[folder]
    assert sum(t.items.values()) > 50, t
    return 1 - t.rate()


@pytest.mark.gate
@pytest.mark.slow
def test_furniture_gate_syria_bbc(shared_dir, nlp) -> None:
    """Share of briefing items free of the outlet's recurring lines (tests/floors.py)."""
    share = _gate_share(shared_dir, nlp, "SyrianCrisis_bbc")
    assert share >= floor("furniture.clean_items"), share


@pytest.mark.gate
@pytest.mark.slow
def test_furniture_gate_egypt_cnn_live_blogs(shared_dir, nlp) -> None:
    """The same on CNN's live blogs and transcripts (tests/floors.py)."""
    share = _gate_share(shared_dir, nlp, "EgyptianProtest_cnn")
    assert share >= floor("furniture.clean_items_cnn_live"), share


def test_a_date_alone_is_not_judged() -> None:
    from newsfuse.eval.furniture import judged

    assert not judged(line_key("( January 27 , 2001 ) ."))  # would match any full date
    assert judged(line_key("Thank you very much ."))
    assert judged(line_key("All times are ET ."))


def test_a_date_alone_does_not_lie_inside_a_recurring_line() -> None:
    """As in the gold, a text of fewer than three words with a letter is not judged: a cited
    date alone is not furniture because a recurring byline names a date."""
    rec = {line_key("Posted on January 27, 2011 by the Harbour Times web staff")}
    assert furniture_in(["(January 25, 2012)"], rec) is None
    assert furniture_in(["the Harbour Times web staff"], rec)
