"""The local web app over the corpus store (``newsfuse serve``); see docs/web.md."""

from __future__ import annotations

from newsfuse.web.app import Options, create_app

__all__ = ["Options", "create_app"]
