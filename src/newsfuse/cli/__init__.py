"""The ``newsfuse`` command line: one Typer app; each command group lives in its own module.

Every flag maps onto a setting of :mod:`newsfuse.config` or onto the arguments of the Python API;
only the flags a user actually gives override the settings file and the environment.
Heavy libraries (spaCy, trafilatura) are imported inside commands, never at import time.
"""

from __future__ import annotations

import sys

import typer

from newsfuse.cli import brief as _brief
from newsfuse.cli import config as _config
from newsfuse.cli import corpus as _corpus
from newsfuse.cli import eval as _eval
from newsfuse.cli import extract as _extract
from newsfuse.cli import serve as _serve

app = typer.Typer(
    name="newsfuse",
    help="Turn many news articles into cited, cross-checked briefings.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
_brief.register(app)
_extract.register(app)
_corpus.register(app)
_serve.register(app)
_config.register(app)
app.add_typer(_eval.app, name="eval", help="Measure newsfuse against peers on real data.")


def main() -> None:
    """Run the command line; a numbered error no command caught (an evaluation's
    ``--encoder-runtime`` it cannot run, say) is printed as its message and hint, exit 2, not
    as a traceback. A plain ``extract`` command line runs without the parser
    (:func:`newsfuse.cli.extract.quick`)."""
    from newsfuse.errors import NewsfuseError

    try:
        if sys.argv[1:2] == ["extract"]:  # read without the parser when plain: see quick()
            code = _extract.quick(sys.argv[2:])
            if code is not None:
                raise SystemExit(code)
        app()
    except NewsfuseError as exc:
        typer.echo(f"newsfuse: {exc}", err=True)
        raise SystemExit(2) from None
