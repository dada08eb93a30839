"""The Python API; the CLI is a thin layer over these functions.

>>> import newsfuse
>>> b = newsfuse.brief(["../shared/examples/japan-us-call-2022/"])
>>> print(newsfuse.render(b, "markdown"))
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, MutableMapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsfuse.config import Settings
from newsfuse.errors import E, NewsfuseError
from newsfuse.model import Article, Briefing, Reject

if TYPE_CHECKING:
    from spacy.language import Language

    from newsfuse.embed import Encoder
    from newsfuse.store import Store


@dataclass(frozen=True, slots=True)
class Loaded:
    """Articles read and cleaned, and every input that was rejected, with its reason."""

    articles: tuple[Article, ...]
    rejects: tuple[Reject, ...]


def clean(article: Article) -> Article | Reject:
    """Clean an article that still holds raw text (``raw is None``); pass others through."""
    if article.raw is not None:
        return article
    from newsfuse.clean import clean_article

    return clean_article(article)


def load(
    paths: Sequence[str | Path], settings: Settings | None = None, store: Store | None = None
) -> Loaded:
    """Read and clean every article under ``paths`` (files, folders, ``-`` for stdin).

    Outlet templates (lines one outlet repeats across its articles) are learned over the whole
    collection before cleaning; with a ``store``, each outlet's furniture learned there from its
    earlier pages (``Store.furniture``) is removed as well.
    """
    from newsfuse.clean import clean_articles
    from newsfuse.ingest import read_inputs

    settings = settings or Settings()
    items = list(read_inputs([str(p) for p in paths], settings))
    known = None
    if store is not None:
        known = store.furniture({a.source for a in items if isinstance(a, Article) and a.source})
    articles: list[Article] = []
    rejects: list[Reject] = []
    for out in clean_articles(items, known=known):
        if isinstance(out, Reject):
            rejects.append(out)
        else:
            articles.append(out)
    if articles:
        from newsfuse.ingest.language import LanguageDetector, with_language

        detector = LanguageDetector.load()
        articles = [with_language(a, detector) for a in articles]
    return Loaded(tuple(articles), tuple(rejects))


def detect_language(articles: Sequence[Article]) -> list[Article]:
    """``articles`` with their language detected, for those not read by :func:`load` (which
    detects it): articles given as records (``brief --clusters``, the API). An article already
    detected keeps its language; one left undetected (short, uncertain) is looked at again, which
    gives the same answer."""
    if all(a.language is not None for a in articles):
        return list(articles)
    from newsfuse.ingest.language import LanguageDetector, with_language

    detector = LanguageDetector.load()
    return [a if a.language is not None else with_language(a, detector) for a in articles]


def left_out(
    articles: Sequence[Article],
    max_chars: int | None = None,
    max_story_chars: int | None = None,
) -> tuple[list[Article], list[Reject]]:
    """The articles to analyse, and a reject for each article left out of the briefing (and
    said so): NF121 for one detected to be in a language the analysis does not handle, NF125
    for one longer than ``max_chars`` characters (a briefing's sentence similarities grow with
    the square of its sentences: a 3 MB text's 37,000 sentences would take 5 GB), NF128 for one
    that would bring the characters of the articles kept, in their order, over
    ``max_story_chars`` (the same square, over the whole story)."""
    from newsfuse.errors import reject
    from newsfuse.ingest.language import analysed

    keep: list[Article] = []
    out: list[Reject] = []
    total = 0
    for a in articles:
        where = a.path or a.url or a.id
        if not analysed(a.language):
            out.append(reject(a.path or a.id, "analyze", E.NOT_ENGLISH, f"detected {a.language!r}"))
        elif max_chars is not None and len(a.text) > max_chars:
            detail = f"{len(a.text):,} characters > {max_chars:,}"
            out.append(reject(where, "analyze", E.TOO_LONG_TO_BRIEF, detail))
        elif max_story_chars is not None and total + len(a.text) > max_story_chars:
            detail = (
                f"its {len(a.text):,} characters would bring the story's {total:,} "
                f"to more than {max_story_chars:,}"
            )
            out.append(reject(where, "analyze", E.STORY_TOO_LONG, detail))
        else:
            keep.append(a)
            total += len(a.text)
    return keep, out


def brief_articles(
    articles: Sequence[Article],
    settings: Settings | None = None,
    nlp: Language | None = None,
    *,
    rejects: Sequence[Reject] = (),
    story_id: str | None = None,
    encoder: Encoder | None = None,
    progress: Callable[[str], None] | None = None,
) -> Briefing:
    """A briefing for articles about one story. Raw articles are cleaned first.

    ``nlp`` and ``encoder`` are loaded here when not given (pass them to brief many stories);
    the encoder only when ``settings.embeddings`` is on.
    """
    from newsfuse.analyze.nlp import load_nlp
    from newsfuse.brief.assemble import build_briefing

    settings = settings or Settings()
    cleaned: list[Article] = []
    rejected = list(rejects)
    for a in articles:
        out = clean(a)
        if isinstance(out, Reject):
            rejected.append(out)
        else:
            cleaned.append(out)
    cleaned, foreign = left_out(
        detect_language(cleaned), settings.max_chars, settings.max_story_chars
    )
    rejected += foreign
    if not cleaned:
        raise NewsfuseError(E.NO_ARTICLES, detail=f"{len(rejected)} rejected")
    nlp = nlp or load_nlp(settings.model)
    if encoder is None and settings.embeddings:
        from newsfuse.embed import load_encoder

        encoder = load_encoder(runtime=settings.encoder_runtime)
    return build_briefing(
        cleaned,
        nlp,
        settings,
        rejects=rejected,
        story_id=story_id,
        encoder=encoder if settings.embeddings else None,
        progress=progress,
    )


def brief_story(
    store: Store | str | Path,
    story_id: str,
    settings: Settings | None = None,
    nlp: Language | None = None,
    *,
    encoder: Encoder | None = None,
    progress: Callable[[str], None] | None = None,
    models: MutableMapping[str, Any] | None = None,
) -> Briefing:
    """The briefing of a stored story (``newsfuse stories``), built on what the ingest kept.

    After ``ingest --analyze`` the analyses and sentence vectors are read back from the store,
    not recomputed: the spaCy pipeline and the encoder are loaded only for articles stored
    without them (or whose date the story-level fixes change). ``store``: an open
    :class:`~newsfuse.store.Store` or the path of one (never created: NF119). Raises
    NewsfuseError NF120 for an unknown story, NF201 for a story without articles. A long-running caller (a web server) passes ``nlp`` and ``encoder`` once
    loaded, or None to have them loaded only when needed; with ``models`` (a dict it keeps), a
    model loaded for one briefing is kept there for the next ones
    (``build_briefing``).
    """
    from newsfuse.brief.assemble import build_briefing
    from newsfuse.store import Store

    settings = settings or Settings()
    own = not isinstance(store, Store)
    db = store if isinstance(store, Store) else Store(store, create=False)
    try:
        if db.story(story_id) is None:
            raise NewsfuseError(E.NO_STORY, story_id, f"in {db.path}")
        articles = db.story_articles(story_id)
        if not articles:
            raise NewsfuseError(E.NO_ARTICLES, detail=f"story {story_id}")
        stored = db.stored_analyses(articles)
        furniture = db.furniture({a.source for a in articles if a.source})
    finally:
        if own:
            db.close()

    articles, stored = _without_new_furniture(articles, stored, furniture)
    # a text too long to brief (NF125), or past the story's bound (NF128), is left out, its
    # stored analysis with it; an article in another language is left to build_briefing
    from newsfuse.ingest.language import analysed

    english = [a for a in articles if analysed(a.language)]
    kept = {a.id for a in left_out(english, settings.max_chars, settings.max_story_chars)[0]}
    long = {a.id for a in english} - kept
    rejects: list[Reject] = []
    if long:
        rejects = left_out(english, settings.max_chars, settings.max_story_chars)[1]
        stored = [st for a, st in zip(articles, stored, strict=True) if a.id not in long]
        articles = [a for a in articles if a.id not in long]
        if not articles:
            raise NewsfuseError(E.NO_ARTICLES, detail=f"story {story_id}: {len(long)} too long")
    if not settings.embeddings:
        stored = [st._replace(vectors=None) for st in stored]
    return build_briefing(
        articles,
        nlp,
        settings,
        rejects=rejects,
        story_id=story_id,
        encoder=encoder if settings.embeddings else None,
        stored=stored,
        progress=progress,
        models=models,
    )


def _without_new_furniture(
    articles: Sequence[Article], stored: Sequence[Any], furniture: Any
) -> tuple[list[Article], list[Any]]:
    """Stored articles cleaned again from their raw text when their outlet's furniture learned
    since they were stored (``Store.furniture``) changes them; their stored analyses are then
    out of date and made again."""
    from newsfuse.store import StoredAnalysis

    arts, kept = list(articles), list(stored)
    if not furniture.lines:
        return arts, kept
    from newsfuse.clean import clean_article

    for i, a in enumerate(arts):
        if a.raw is None or a.source not in furniture.lines:
            continue
        again = clean_article(replace(a, text=a.raw, raw=None, removed=(), title=None), furniture)
        if isinstance(again, Article) and again.text != a.text:
            arts[i] = replace(again, title=a.title, published=a.published)
            kept[i] = StoredAnalysis(None, None)
    return arts, kept


def brief(
    inputs: Iterable[str | Path | Article] | str | Path,
    settings: Settings | None = None,
    nlp: Language | None = None,
    **overrides: Any,
) -> Briefing:
    """A briefing from paths (files or folders) or Article records; ``overrides`` set Settings."""
    settings = (settings or Settings()).with_(**overrides)
    if isinstance(inputs, (str, Path)):
        inputs = [inputs]
    items = list(inputs)
    paths = [x for x in items if not isinstance(x, Article)]
    given = [x for x in items if isinstance(x, Article)]
    loaded = load(paths, settings) if paths else Loaded((), ())
    articles = [*loaded.articles, *(replace(a) for a in given)]
    return brief_articles(articles, settings, nlp, rejects=loaded.rejects)
