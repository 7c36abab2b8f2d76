"""The WSGI server behind `kit serve` (waitress), set up for a public network, the same for the command and its tests.

waitress's defaults suit a quiet intranet: 100 connections at most, and an idle one
dropped after 120 s, so a few hundred idle or half-sent connections starve everyone
else. Here the connection limit and the idle timeout come from kit.workshop.limits,
the poll() loop replaces select() (no limit of 1024 sockets), and the process may
open as many files as that needs. A body over the limit (a logo upload's; every other form's smaller limit is Flask's,
kit.workshop.web.app) is cut off while it is read,
and refused with the kit's own translated page (with its security headers) instead
of waitress's plain-text one: the one place that reaches into waitress's channel
and error task, with a contract test (tests/test_serve_limits.py).
"""

from __future__ import annotations

from kit.workshop.limits import Limits, max_upload_bytes
from kit.workshop.web.app import DEFAULT_LIMITS


def make_server(app, host: str, port: int, threads: int = 16, limits: Limits = DEFAULT_LIMITS):
    """A waitress server for the app, with the kit's limits."""
    from waitress import create_server

    _allow_files(limits.connections + 64)
    server = create_server(app, host=host, port=port, threads=threads, ident="kit", max_request_body_size=max_upload_bytes(),
                           connection_limit=limits.connections, channel_timeout=limits.idle_seconds,
                           cleanup_interval=max(1, min(10, limits.idle_seconds // 2)), asyncore_use_poll=True, backlog=1024)
    server.channel_class = _channel_class(app)
    return server


def _allow_files(count: int) -> None:
    """Raise this process's limit of open files (sockets) to `count` where the system allows it."""
    try:
        import resource
    except ImportError:  # not on a POSIX system
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = count if hard == resource.RLIM_INFINITY else min(count, hard)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))


def _channel_class(app):
    """waitress's channel, whose error task answers a too large request with the app's own 413 page."""
    from waitress.channel import HTTPChannel
    from waitress.task import ErrorTask

    class KitErrorTask(ErrorTask):
        def execute(self):
            if self.request.error.code != 413:
                return super().execute()
            status, headers, body = _app_page(app, self.request.headers.get("ACCEPT_LANGUAGE", ""))
            self.status = status
            self.response_headers.extend(headers)
            self.set_close_on_finish()
            self.content_length = len(body)
            self.write(body)

    class KitChannel(HTTPChannel):
        error_task_class = KitErrorTask

    return KitChannel


def _app_page(app, accept_language: str) -> tuple[str, list, bytes]:
    """The app's answer to an upload it will not read: its 413 page in the visitor's language, with the headers
    every page gets."""
    with app.test_request_context("/", method="POST", headers={"Accept-Language": accept_language}):
        response = app.process_response(app.extensions["kit"].refuse(413, "web.too_large"))
    headers = [(name, value) for name, value in response.headers.items() if name.lower() not in ("content-length", "set-cookie")]
    return response.status, headers, response.get_data()


def stop(server) -> None:
    """Stop a server whose run() loop is in another thread (tests, the bench): every socket is closed from inside
    the loop, so its poll() never sees a closed descriptor; if the loop has already closed its own wake-up
    pipe, nothing listens any more and the sockets are closed from here."""
    from waitress import wasyncore

    try:
        server.trigger.pull_trigger(lambda: wasyncore.close_all(server._map))
    except OSError:
        wasyncore.close_all(server._map)
    server.task_dispatcher.shutdown()
