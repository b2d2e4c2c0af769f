"""API tests speak HTTP to a real server process (see tests/servers.py)."""

from tests.servers import http, server  # noqa: F401 - fixtures are found by name
