"""Shared pytest fixtures.

``nlp`` loads the real spaCy pipeline once per test session. ``shared_dir`` points at the
read-only ``../shared`` folder beside the checkout (real articles and evaluation data); the
tests that read it fail, rather than skip, when it is missing, so CI cannot pass without it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.fail(f"{SHARED} is missing: the real-data tests need ../shared beside the checkout")
    return SHARED


@pytest.fixture(scope="session")
def example_dir(shared_dir: Path) -> Path:
    return shared_dir / "examples" / "japan-us-call-2022"


@pytest.fixture(scope="session")
def nlp():
    from newsfuse.analyze.nlp import load_nlp

    return load_nlp()
