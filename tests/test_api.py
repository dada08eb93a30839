"""The Python API's names."""

from __future__ import annotations


def test_newsfuse_brief_stays_the_function_after_its_package_loads() -> None:
    import newsfuse
    import newsfuse.brief.assemble  # what the API loads to build a briefing

    assert callable(newsfuse.brief) and newsfuse.brief.__module__ == "newsfuse.api"
