"""The WSGI server behind `kit serve` (waitress), set up the same way for the command and for its tests."""

from __future__ import annotations

from kit.workshop.web.app import MAX_FORM_BYTES


def make_server(app, host: str, port: int, threads: int = 16):
    """A waitress server for the app; the body limit is enforced while reading, so a huge upload is cut off
    instead of being spooled to disk (waitress's own default allows 1 GB)."""
    from waitress import create_server

    return create_server(app, host=host, port=port, threads=threads, ident="kit", max_request_body_size=MAX_FORM_BYTES)


def stop(server) -> None:
    """Stop a server whose run() loop is in another thread (tests, the bench): every socket is closed from inside
    the loop, so its select() never sees a closed descriptor; if the loop has already closed its own wake-up
    pipe, nothing listens any more and the sockets are closed from here."""
    from waitress import wasyncore

    try:
        server.trigger.pull_trigger(lambda: wasyncore.close_all(server._map))
    except OSError:
        wasyncore.close_all(server._map)
    server.task_dispatcher.shutdown()
