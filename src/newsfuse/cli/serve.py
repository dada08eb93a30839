"""``newsfuse serve`` (the local web app) and ``newsfuse briefings`` (brief stored stories ahead)."""

from __future__ import annotations

import errno
import socket
from pathlib import Path

import typer

DB_HELP = "the corpus database (SQLite) written by `newsfuse ingest`"


def register(app: typer.Typer) -> None:
    """Add ``serve`` and ``briefings`` to ``app``."""

    @app.command("serve")
    def serve_cmd(
        db: Path = typer.Option(Path("newsfuse.db"), "--db", help=DB_HELP),
        host: str = typer.Option("127.0.0.1", "--host", help="address to listen on"),
        port: int = typer.Option(8000, "--port", help="port to listen on"),
        compute: bool = typer.Option(
            True,
            "--compute/--no-compute",
            help="brief a story on its first request and keep the briefing in the store "
            "(--no-compute: never write; unbriefed stories say so)",
        ),
        no_embeddings: bool = typer.Option(
            False, "--no-embeddings", help="brief with concept overlap only (no MiniLM)"
        ),
    ) -> None:
        """Serve the corpus as a local web app: stories, briefings, articles, search, feeds."""
        from newsfuse.config import Settings
        from newsfuse.errors import E, NewsfuseError
        from newsfuse.web.app import Options, create_app
        from newsfuse.web.db import check_store

        try:
            check_store(db, migrate=True)
            _check_bind(host, port)
        except NewsfuseError as exc:
            typer.echo(f"newsfuse: {exc}", err=True)
            raise typer.Exit(2) from None
        import uvicorn

        if host in {"127.0.0.1", "localhost", "::1"}:
            hosts: tuple[str, ...] = ("127.0.0.1", "localhost")
        elif host in {"0.0.0.0", "::"}:
            hosts = ("*",)
        else:
            hosts = (host, "127.0.0.1", "localhost")
        settings = Settings(progress=False, embeddings=not no_embeddings)
        app = create_app(Options(db=db, compute=compute, hosts=hosts, settings=settings))
        shown = f"[{host}]" if ":" in host else host
        typer.echo(f"newsfuse: serving {db} at http://{shown}:{port}/ (Ctrl-C stops)", err=True)
        try:
            uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
        except OSError as exc:  # lost a race for the port
            err = NewsfuseError(E.WEB_BIND, f"{host}:{port}", exc.strerror or str(exc))
            typer.echo(f"newsfuse: {err}", err=True)
            raise typer.Exit(2) from None

    @app.command("briefings")
    def briefings_cmd(
        db: Path = typer.Option(Path("newsfuse.db"), "--db", help=DB_HELP),
        limit: int = typer.Option(0, "--limit", help="at most N stories, newest first (0: all)"),
        story: list[str] = typer.Option(None, "--story", help="only these stories"),
        no_embeddings: bool = typer.Option(
            False, "--no-embeddings", help="brief with concept overlap only (no MiniLM)"
        ),
    ) -> None:
        """Brief every stored story whose kept briefing is missing or out of date (newest
        first), so `newsfuse serve` shows them at once. Exit 1 if a story failed."""
        from newsfuse.config import Settings
        from newsfuse.errors import E, NewsfuseError
        from newsfuse.web import briefs
        from newsfuse.web.data import member_ids
        from newsfuse.web.db import Db, check_store

        try:
            check_store(db, migrate=True)
        except NewsfuseError as exc:
            typer.echo(f"newsfuse: {exc}", err=True)
            raise typer.Exit(2) from None
        reader = Db(db)
        conn = reader.conn()
        if story:
            ids = list(story)
        else:
            q = "SELECT id FROM stories ORDER BY ifnull(last, '') DESC, id DESC"
            ids = [r[0] for r in conn.execute(q)]
        todo = []
        for sid in ids:
            have = briefs.stored(conn, sid, briefs.digest(member_ids(conn, sid)))
            if have is None or not have.fresh:
                todo.append(sid)
            if limit and len(todo) >= limit:
                break
        reader.close()
        settings = Settings(progress=False, embeddings=not no_embeddings)
        briefer = briefs.Briefer(db, settings)
        failed = 0
        for i, sid in enumerate(todo, start=1):
            try:
                b = briefer.brief(sid)
            except NewsfuseError as exc:
                failed += 1
                typer.echo(f"newsfuse: {exc}", err=True)
                continue
            except Exception as exc:  # noqa: BLE001 - one story never stops the others
                failed += 1
                err = NewsfuseError(
                    E.WEB_BRIEF_FAILED, f"story {sid}", f"{type(exc).__name__}: {exc}"
                )
                typer.echo(f"newsfuse: {err}", err=True)
                continue
            typer.echo(f"[{i}/{len(todo)}] {sid}: {b.headline[:80]}")
        typer.echo(
            f"briefed: {len(todo) - failed}, failed: {failed}, already up to date: "
            f"{len(ids) - len(todo) if not limit else 'not counted (--limit)'}"
        )
        if failed:
            raise typer.Exit(1)


def _check_bind(host: str, port: int) -> None:
    """NF909 unless ``host:port`` can be listened on now."""
    from newsfuse.errors import E, NewsfuseError

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise NewsfuseError(E.WEB_BIND, f"{host}:{port}", str(exc)) from None
    family, kind, proto, _, addr = infos[0]
    with socket.socket(family, kind, proto) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(addr)
        except OSError as exc:
            reason = "port in use" if exc.errno == errno.EADDRINUSE else exc.strerror or str(exc)
            raise NewsfuseError(E.WEB_BIND, f"{host}:{port}", reason) from None
