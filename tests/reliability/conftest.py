"""The reliability tests serve the app on real sockets, as the web tests do."""

from tests.web.conftest import live_server

__all__ = ["live_server"]
