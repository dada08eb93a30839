"""``--write-doc`` keeps the hand-written "what is weak" part of an evaluation's page."""

from __future__ import annotations

from pathlib import Path

from newsfuse.eval.pages import merged_page, write_page

OLD = "# Page\n\nold figures 0.1\n\n## What is still weak\n\n* recall is low (read by hand)\n"


def test_rewrite_keeps_the_hand_written_tail_and_drops_old_figures() -> None:
    page = merged_page(OLD, "# Page\n\nnew figures 0.2\n")
    assert "new figures 0.2" in page and "old figures" not in page
    assert page.endswith("## What is still weak\n\n* recall is low (read by hand)\n")


def test_generated_text_with_its_own_section_wins_and_a_new_page_is_as_generated() -> None:
    generated = "# Page\n\n## What is weak\n\n* generated\n"
    assert merged_page(OLD, generated) == generated
    assert merged_page(None, "# Page\n") == "# Page\n"
    assert merged_page("# Page\n\nno such heading\n", "# New\n") == "# New\n"


def test_write_page_twice_keeps_one_tail(tmp_path: Path) -> None:
    path = tmp_path / "eval" / "page.md"
    write_page(path, "# Page\n")
    path.write_text(OLD, "utf-8")
    write_page(path, "# Page\n\nrun 2\n")
    write_page(path, "# Page\n\nrun 3\n")
    text = path.read_text("utf-8")
    assert text.count("## What is still weak") == 1 and "run 3" in text and "run 2" not in text
