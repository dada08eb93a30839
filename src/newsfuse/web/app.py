"""The web app: Starlette routes over the corpus store, Jinja2 templates, JSON twins, Atom feeds.

Pages (all GET, server-rendered, deep-linkable, working without JavaScript):

* ``/`` stories, newest first, filters ``since``/``until``/``outlet``/``entity``, keyset paging
  (``after``/``before``); ``/story/ID`` the briefing; ``/article/ID`` the cleaned text with the
  cited spans (``#c=START-END`` lands on one); ``/entity/KEY``, ``/entities``,
  ``/outlet/NAME``, ``/outlets``; ``/search?q=``.
* every list also as JSON (``?format=json`` or the ``/api/...`` twin) and, for a search, an
  entity and an outlet, as an Atom feed (``?format=atom``).

Every response carries a Content-Security-Policy that allows only this server's own script and
style files (no inline scripts), and the Host header must name the address served (no DNS
rebinding). See docs/web.md.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from jinja2 import Environment, FunctionLoader, select_autoescape
from markupsafe import Markup
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newsfuse.config import Settings
from newsfuse.errors import E, NewsfuseError
from newsfuse.ingest.source import Registry, load_registry
from newsfuse.model import Briefing
from newsfuse.render.json import article_dict, to_dict
from newsfuse.render.labels import display_date
from newsfuse.render.shown import shown
from newsfuse.web import briefs, data, views
from newsfuse.web.db import Db, store_error
from newsfuse.web.lru import LRU

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
STATUS = {
    E.WEB_NO_STORE: 503,
    E.WEB_NOT_A_STORE: 503,
    E.WEB_NEWER_SCHEMA: 503,
    E.WEB_LOCKED: 503,
    E.WEB_NOT_FOUND: 404,
    E.WEB_BAD_PARAM: 400,
    E.WEB_BRIEF_FAILED: 500,
    E.WEB_NOT_BRIEFED: 503,
}


class SecurityHeaders:
    """Adds the CSP and related headers to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, send_with_headers)


@dataclass(frozen=True, slots=True)
class Options:
    """How the app serves a store."""

    db: Path
    compute: bool = True  # brief a story on its first request (and keep it in the store)
    hosts: tuple[str, ...] = ("127.0.0.1", "localhost")
    settings: Settings = field(default_factory=lambda: Settings(progress=False))


def _template(name: str) -> str:
    return resources.files("newsfuse.web").joinpath(f"templates/{name}").read_text("utf-8")


def make_env() -> Environment:
    env = Environment(
        loader=FunctionLoader(_template),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        safe_url=views.safe_url,
        cite_href=views.cite_href,
        coverage_bar=views.coverage_bar,
        display_date=display_date,
        color=views.color,
        entity_key=data.entity_key,
        q=quote,
    )
    cards: LRU[tuple[data.StoryCard, int | None], Markup] = LRU(20_000)

    def card(c: data.StoryCard, matches: int | None = None) -> Markup:
        """One story of a list, as HTML (rendered once per version of the card)."""
        html = cards.get((c, matches))
        if html is None:
            html = Markup(env.get_template("_card.html.j2").render(c=c, matches=matches))
            cards.put((c, matches), html)
        return html

    env.globals["card"] = card
    return env


class WebApp:
    """The state one server holds: the store's connections, the outlet registry, the briefer."""

    def __init__(self, options: Options) -> None:
        self.options = options
        self.db = Db(options.db)
        self.registry: Registry = load_registry()
        self.briefer = briefs.Briefer(options.db, options.settings)
        self.cache: LRU[tuple[str, str], Briefing] = LRU(256)
        self.pages: LRU[tuple[str, str, str], tuple[bytes, str]] = LRU(512)  # rendered story pages
        self.cards = data.CardCache(self.registry)
        self.env = make_env()

    # ---- helpers -------------------------------------------------------------------------------

    def page(self, request: Request, name: str, status: int = 200, **ctx: Any) -> Response:
        html = self.env.get_template(name).render(request=request, **ctx)
        return Response(html, status_code=status, media_type="text/html; charset=utf-8")

    def briefing(self, sid: str) -> tuple[Briefing | None, bool]:
        """The story's briefing (computed and stored first if need be) and whether it is up to
        date with the story's articles."""
        conn = self.db.conn()
        ids = data.member_ids(conn, sid)
        stamp = briefs.digest(ids)
        hit = self.cache.get((sid, stamp))
        if hit is not None:
            return hit, True
        have = briefs.stored(conn, sid, stamp)
        if have is not None and (have.fresh or not self.options.compute):
            if have.fresh:
                self.cache.put((sid, stamp), have.briefing)
            return have.briefing, have.fresh
        if not self.options.compute:
            return None, False
        b = self.briefer.brief(sid)
        self.cache.put((sid, stamp), b)
        return b, True

    def stored_briefing(self, sid: str) -> Briefing | None:
        """The story's stored briefing, never computing one (for article and outlet pages)."""
        conn = self.db.conn()
        stamp = briefs.digest(data.member_ids(conn, sid))
        hit = self.cache.get((sid, stamp))
        if hit is not None:
            return hit
        have = briefs.stored(conn, sid, stamp)
        return have.briefing if have else None

    # ---- routes --------------------------------------------------------------------------------

    def stories(self, request: Request) -> Response:
        p = request.query_params
        filters = _filters(p)
        after = _cursor(p.get("after"))
        before = _cursor(p.get("before")) if after is None else None
        size = _size(p)
        page = data.story_page(
            self.db.conn(), self.cards, filters, after=after, before=before, size=size
        )
        base = filters.query()
        if size != data.PAGE_SIZE:
            base["n"] = str(size)
        newer = _link("/", {**base, "before": page.newer}) if page.newer else None
        older = _link("/", {**base, "after": page.older}) if page.older else None
        if _wants(request, "json"):
            return JSONResponse(
                {
                    "stories": [c.to_dict() for c in page.cards],
                    "filters": base,
                    "newer": newer and _api(newer),
                    "older": older and _api(older),
                }
            )
        return self.page(
            request,
            "stories.html.j2",
            page=page,
            filters=filters,
            newer=newer,
            older=older,
            json_link=_link("/api/stories", {**base, **_cursor_args(p)}),
        )

    def story(self, request: Request) -> Response:
        sid = request.path_params["sid"]
        fmt = "json" if _wants(request, "json") else "html"
        conn = self.db.conn()
        stamp = briefs.digest(data.member_ids(conn, sid))
        hit = self.pages.get((sid, stamp, fmt))
        if hit is not None:  # rendered from this story's stored briefing before
            return Response(hit[0], media_type=hit[1])
        card = data.story_card(conn, self.cards, sid)
        if card is None:
            raise NewsfuseError(E.WEB_NOT_FOUND, f"story {sid}")
        try:
            b, fresh = self.briefing(sid)
        except NewsfuseError:
            raise
        except Exception as exc:  # noqa: BLE001 - a failed briefing is a page, not a crash
            return self._unbriefed(
                request, card, NewsfuseError(E.WEB_BRIEF_FAILED, f"story {sid}", type(exc).__name__)
            )
        if b is None:
            return self._unbriefed(request, card, NewsfuseError(E.WEB_NOT_BRIEFED, f"story {sid}"))
        if fmt == "json":
            out: Response = JSONResponse(
                {**to_dict(b), "story": card.to_dict(), "up_to_date": fresh}
            )
        else:
            out = self._story_page(request, b, card, fresh)
        self.pages.put((sid, stamp, fmt), (bytes(out.body), out.media_type or "text/html"))
        return out

    def _story_page(
        self, request: Request, b: Briefing, card: data.StoryCard, fresh: bool
    ) -> Response:
        b = shown(b, self.options.settings)  # the page shows the top items; the JSON has all
        labels = {a.id: str(i) for i, a in enumerate(b.articles, start=1)}
        dups = data.duplicates_within(self.db.conn(), [a.id for a in b.articles])
        return self.page(
            request,
            "story.html.j2",
            b=b,
            card=card,
            fresh=fresh,
            labels=labels,
            outlet_of={a.id: a.source or "unknown outlet" for a in b.articles},
            span_text=lambda s: views.span_text(b, s),
            groups=views.fold_copies(b.articles, dups),
            grid=views.coverage_grid(b),
            framing=views.framing_by_outlet(b),
            timeline_svg=views.timeline_svg(b),
        )

    def _unbriefed(self, request: Request, card: data.StoryCard, err: NewsfuseError) -> Response:
        status = STATUS[err.err]
        if _wants(request, "json"):
            return _json_error(err, status)
        conn = self.db.conn()
        arts = [a for a in (data.article(conn, i) for i in card.articles) if a is not None]
        return self.page(request, "unbriefed.html.j2", status=status, card=card, err=err, arts=arts)

    def article(self, request: Request) -> Response:
        aid = request.path_params["aid"]
        stored = data.article(self.db.conn(), aid)
        if stored is None:
            raise NewsfuseError(E.WEB_NOT_FOUND, f"article {aid}")
        a = stored.article
        b = self.stored_briefing(stored.story) if stored.story else None
        text = a.text
        spans = []
        if b is not None:
            mine = [x for x in b.articles if x.id == aid]
            if mine:
                text = mine[0].text
            spans = [s for s in views.all_spans(b) if s.article == aid]
        if _wants(request, "json"):
            d = article_dict(a)
            d.update(
                text=text,
                story=stored.story,
                duplicate_of=stored.duplicate_of,
                citations=[s.to_dict() for s in spans],
            )
            return JSONResponse(d)
        return self.page(
            request,
            "article.html.j2",
            a=a,
            story=stored.story,
            duplicate_of=stored.duplicate_of,
            briefed=b is not None,
            segments=views.segments(text, spans),
            n_spans=len({(s.start, s.end) for s in spans}),
        )

    def search(self, request: Request) -> Response:
        query = request.query_params.get("q", "").strip()
        if len(query) > 500:
            raise NewsfuseError(E.WEB_BAD_PARAM, "q", "at most 500 characters")
        hits = data.search(self.db.conn(), self.cards, query) if query else []
        if _wants(request, "json"):
            return JSONResponse(
                {"query": query, "stories": [dict(c.to_dict(), matches=n) for c, n in hits]}
            )
        if _wants(request, "atom"):
            return self.feed(
                request,
                f"newsfuse: search {query}",
                [c for c, _ in hits],
                _link("/search", {"q": query}),
            )
        return self.page(
            request,
            "search.html.j2",
            query=query,
            hits=hits,
            json_link=_link("/api/search", {"q": query}),
            atom_link=_link("/search", {"q": query, "format": "atom"}),
        )

    def entity(self, request: Request) -> Response:
        key = data.entity_key(request.path_params["key"])
        conn = self.db.conn()
        info = data.entity(conn, key)
        if info is None:
            raise NewsfuseError(E.WEB_NOT_FOUND, f"entity {key}")
        cards = data.stories_by_id(conn, self.cards, info.stories[:50])
        if _wants(request, "json"):
            return JSONResponse(
                {
                    "key": info.key,
                    "name": info.name,
                    "type": info.type,
                    "variants": list(info.variants),
                    "articles": info.articles,
                    "stories": [c.to_dict() for c in cards],
                }
            )
        if _wants(request, "atom"):
            return self.feed(request, f"newsfuse: {info.name}", cards, f"/entity/{quote(key)}")
        return self.page(
            request,
            "entity.html.j2",
            info=info,
            cards=cards,
            json_link=f"/api/entity/{quote(key)}",
            atom_link=f"/entity/{quote(key)}?format=atom",
        )

    def entities(self, request: Request) -> Response:
        rows = data.top_entities(self.db.conn())
        if _wants(request, "json"):
            return JSONResponse(
                {"entities": [{"key": k, "name": n, "stories": c} for k, n, c in rows]}
            )
        return self.page(request, "entities.html.j2", rows=rows)

    def outlet(self, request: Request) -> Response:
        name = request.path_params["name"]
        conn = self.db.conn()
        info = data.outlet(conn, name)
        if info is None:
            raise NewsfuseError(E.WEB_NOT_FOUND, f"outlet {name}")
        p = request.query_params
        after = _cursor(p.get("after"))
        page = data.story_page(conn, self.cards, data.Filters(outlet=name), after=after)
        missed = data.missed_stories(conn, self.cards, name)
        left_out = self._left_out(name, page.cards[:10])
        older = _link(f"/outlet/{quote(name)}", {"after": page.older}) if page.older else None
        if _wants(request, "json"):
            return JSONResponse(
                {
                    "name": info.name,
                    "articles": info.articles,
                    "wire_copies": info.wire_copies,
                    "stories_covered": info.stories,
                    "first": info.first,
                    "last": info.last,
                    "stories": [c.to_dict() for c in page.cards],
                    "missed_stories": [c.to_dict() for c in missed],
                    "facts_left_out": [{"story": s, "facts": list(f)} for s, _, f in left_out],
                    "older": older and _api(older),
                }
            )
        if _wants(request, "atom"):
            return self.feed(
                request, f"newsfuse: {name}", list(page.cards), f"/outlet/{quote(name)}"
            )
        return self.page(
            request,
            "outlet.html.j2",
            info=info,
            page=page,
            missed=missed,
            left_out=left_out,
            older=older,
            json_link=f"/api/outlet/{quote(name)}",
            atom_link=f"/outlet/{quote(name)}?format=atom",
        )

    def _left_out(
        self, name: str, cards: tuple[data.StoryCard, ...]
    ) -> list[tuple[str, str, tuple[str, ...]]]:
        """(story, headline, facts) that other outlets' articles state and none of ``name``'s
        does, from the stored briefings of ``cards``."""
        out = []
        for c in cards:
            b = self.stored_briefing(c.id)
            if b is None:
                continue
            mine = {a.id for a in b.articles if a.source == name}
            missing = [
                f.text
                for f in b.facts
                if f.independent_sources >= 2 and not mine.intersection(f.articles)
            ]
            if mine and missing:
                out.append((c.id, b.headline, tuple(missing)))
        return out

    def outlets(self, request: Request) -> Response:
        rows = data.outlets(self.db.conn())
        if _wants(request, "json"):
            return JSONResponse({"outlets": [{"name": n, "articles": c} for n, c in rows]})
        return self.page(request, "outlets.html.j2", rows=rows)

    def feed(
        self, request: Request, title: str, cards: list[data.StoryCard], link: str
    ) -> Response:
        base = str(request.base_url).rstrip("/")
        xml = self.env.get_template("feed.atom.j2").render(
            title=title,
            cards=cards,
            base=base,
            self_link=str(request.url),
            link=base + link,
            updated=max((c.last or "" for c in cards), default="") or date.today().isoformat(),
        )
        return Response(xml, media_type="application/atom+xml; charset=utf-8")

    # ---- errors --------------------------------------------------------------------------------

    def on_error(self, request: Request, exc: Exception) -> Response:
        if isinstance(exc, sqlite3.Error):
            exc = store_error(exc, self.options.db)
        if isinstance(exc, NewsfuseError):
            status = STATUS.get(exc.err, 500)
            if _wants(request, "json") or request.url.path.startswith("/api/"):
                return _json_error(exc, status)
            return self.page(request, "error.html.j2", status=status, err=exc, status_code=status)
        if isinstance(exc, HTTPException):
            err = (
                NewsfuseError(E.WEB_NOT_FOUND, request.url.path) if exc.status_code == 404 else None
            )
            if err is not None:
                return self.on_error(request, err)
            return Response(str(exc.detail), status_code=exc.status_code, media_type="text/plain")
        return self.page(request, "error.html.j2", status=500, err=None, status_code=500)


def _wants(request: Request, fmt: str) -> bool:
    if request.query_params.get("format") == fmt:
        return True
    return fmt == "json" and request.url.path.startswith("/api/")


def _json_error(err: NewsfuseError, status: int) -> JSONResponse:
    return JSONResponse(
        {"error": {"code": err.err.code, "message": str(err), "hint": err.err.hint}},
        status_code=status,
    )


def _link(path: str, params: dict[str, Any]) -> str:
    params = {k: v for k, v in params.items() if v}
    return path + ("?" + urlencode(params) if params else "")


def _api(link: str) -> str:
    return "/api/stories" + link[1:] if link.startswith("/?") or link == "/" else link


def _cursor_args(p: Any) -> dict[str, str]:
    return {k: p[k] for k in ("after", "before") if p.get(k)}


def _cursor(text: str | None) -> data.Cursor | None:
    if not text:
        return None
    try:
        return data.Cursor.decode(text)
    except ValueError:
        raise NewsfuseError(E.WEB_BAD_PARAM, "cursor", "not a cursor of this list") from None


def _size(p: Any) -> int:
    text = p.get("n")
    if not text:
        return data.PAGE_SIZE
    if not text.isdigit() or not 1 <= int(text) <= 100:
        raise NewsfuseError(E.WEB_BAD_PARAM, "n", "a page holds 1 to 100 stories")
    return int(text)


def _date(p: Any, name: str) -> date | None:
    text = p.get(name)
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise NewsfuseError(E.WEB_BAD_PARAM, name, "use YYYY-MM-DD") from None


def _filters(p: Any) -> data.Filters:
    return data.Filters(
        since=_date(p, "since"),
        until=_date(p, "until"),
        outlet=(p.get("outlet") or "").strip() or None,
        entity=(p.get("entity") or "").strip() or None,
    )


def create_app(options: Options) -> Starlette:
    """The ASGI app serving ``options.db`` (checked by :func:`newsfuse.web.db.check_store`)."""
    web = WebApp(options)
    static = resources.files("newsfuse.web").joinpath("static")
    routes: list[Route | Mount] = []
    pairs: list[tuple[str, Callable[[Request], Response]]] = [
        ("/", web.stories),
        ("/story/{sid}", web.story),
        ("/article/{aid}", web.article),
        ("/search", web.search),
        ("/entities", web.entities),
        ("/entity/{key:path}", web.entity),
        ("/outlets", web.outlets),
        ("/outlet/{name:path}", web.outlet),
    ]
    for path, endpoint in pairs:
        routes.append(Route(path, endpoint, methods=["GET", "HEAD"]))
        api = "/api/stories" if path == "/" else "/api" + path
        routes.append(Route(api, endpoint, methods=["GET", "HEAD"]))
    routes.append(Mount("/static", app=StaticFiles(directory=str(static)), name="static"))
    icon = str(static.joinpath("favicon.svg"))
    routes.append(Route("/favicon.ico", lambda _: FileResponse(icon, media_type="image/svg+xml")))
    app = Starlette(
        routes=routes,
        middleware=[
            Middleware(SecurityHeaders),
            Middleware(TrustedHostMiddleware, allowed_hosts=list(options.hosts)),
        ],
        exception_handlers={
            NewsfuseError: web.on_error,
            sqlite3.Error: web.on_error,
            HTTPException: web.on_error,
            Exception: web.on_error,
        },
    )
    app.state.web = web
    return app
