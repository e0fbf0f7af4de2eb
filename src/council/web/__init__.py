"""The web app and JSON API (issue 4): ``create_app(council)``; ``council serve`` runs it."""

from council.web.app import create_app

__all__ = ["create_app"]
