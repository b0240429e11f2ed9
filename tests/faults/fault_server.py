"""A raw HTTP/1.1 server on 127.0.0.1 misbehaving on purpose (reset, truncated, slow, huge, ...)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

HTML_5XX = b"<html><head><title>502 Bad Gateway</title></head><body>proxy down</body></html>"


def _throttle(code: int, subcode: int | None = None) -> bytes:
    error: dict[str, object] = {
        "message": f"(#{code}) Application request limit reached",
        "type": "OAuthException",
        "code": code,
        "is_transient": True,
        "fbtrace_id": "AFault123",
    }
    if subcode:
        error["error_subcode"] = subcode
    return json.dumps({"error": error}).encode()


# mode -> (status, body, how). how: "ok", "reset-mid-body", "truncated", "slow", "close-no-reply"
MODES: dict[str, tuple[int, bytes, str]] = {
    "accept": (200, b'{"events_received":1,"messages":[],"fbtrace_id":"AOk1"}', "ok"),
    "reset-mid-body": (200, b'{"events_received":1,"messages":[],"fbtrace_id":"AOk1"}', "reset"),
    "truncated": (200, b'{"events_received":1,"messages":[],"fbtrace_id":"AOk1"}', "truncated"),
    "close-no-reply": (200, b"", "close"),
    "slow": (200, b'{"events_received":1}', "slow"),
    "5xx-html": (502, HTML_5XX, "ok"),
    "429-plain": (429, b"Too Many Requests", "ok"),
    "400-throttle-4": (400, _throttle(4, 1504022), "ok"),
    "400-throttle-17": (400, _throttle(17, 2446079), "ok"),
    "400-throttle-32": (400, _throttle(32), "ok"),
    "400-throttle-613": (400, _throttle(613, 1487742), "ok"),
    "400-throttle-80004": (400, _throttle(80004, 2446079), "ok"),
    "huge-5xx": (503, b"", "huge"),
    "400-invalid": (
        400,
        b'{"error":{"message":"Invalid parameter","type":"OAuthException","code":100,'
        b'"error_subcode":2804003,"fbtrace_id":"ABad1"}}',
        "ok",
    ),
}
HUGE_BYTES = 50_000_000


@dataclass
class FaultServer:
    url: str
    modes: list[str] = field(default_factory=list)  # one per request; the last one repeats
    hits: int = 0
    bytes_sent: int = 0

    def next_mode(self) -> str:
        mode = self.modes[min(self.hits, len(self.modes) - 1)]
        self.hits += 1
        return mode


async def _read_request(reader: asyncio.StreamReader) -> None:
    head = await reader.readuntil(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    if length:
        await reader.readexactly(length)


async def _serve(
    server: FaultServer, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
) -> None:
    try:
        while True:
            try:
                await _read_request(reader)
            except (asyncio.IncompleteReadError, ConnectionError):
                return
            status, body, how = MODES[server.next_mode()]
            if how == "close":
                return
            if how == "slow":
                await asyncio.sleep(5)
            reason = {200: "OK", 400: "Bad Request", 429: "Too Many Requests"}.get(status, "Error")
            size = HUGE_BYTES if how == "huge" else len(body)
            ctype = b"text/html" if how == "huge" or body.startswith(b"<") else b"application/json"
            head = (
                f"HTTP/1.1 {status} {reason}\r\nContent-Length: {size}\r\n".encode()
                + b"Content-Type: "
                + ctype
                + b"\r\n\r\n"
            )
            writer.write(head)
            if how == "huge":
                chunk = b"<p>" + b"x" * 65_530 + b"</p>\n"
                sent = 0
                while sent < size:
                    piece = chunk[: size - sent]
                    writer.write(piece)
                    sent += len(piece)
                    server.bytes_sent += len(piece)
                    await writer.drain()
                continue
            if how == "reset":
                writer.write(body[: len(body) // 2])
                await writer.drain()
                sock = writer.get_extra_info("socket")
                sock.setsockopt(
                    socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00"
                )
                writer.transport.abort()
                return
            if how == "truncated":
                writer.write(body[: len(body) // 2])
                await writer.drain()
                return
            writer.write(body)
            server.bytes_sent += len(body)
            await writer.drain()
    except ConnectionError:
        return
    finally:
        writer.close()
        with contextlib.suppress(Exception):
            await writer.wait_closed()


@contextmanager
def fault_server(*modes: str) -> Iterator[FaultServer]:
    """Serve on 127.0.0.1 in a thread; `modes` are answered in order (the last repeats)."""
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    box: dict[str, object] = {}
    state = FaultServer(url="", modes=list(modes) or ["accept"])

    handlers: set[asyncio.Task[None]] = set()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        handlers.add(task)  # type: ignore[arg-type]
        try:
            await _serve(state, reader, writer)
        finally:
            handlers.discard(task)  # type: ignore[arg-type]

    async def start() -> None:
        srv = await asyncio.start_server(handle, "127.0.0.1", 0)
        box["srv"] = srv
        port = srv.sockets[0].getsockname()[1]
        state.url = f"http://127.0.0.1:{port}"
        ready.set()

    thread = threading.Thread(
        target=lambda: (loop.run_until_complete(start()), loop.run_forever()), daemon=True
    )
    thread.start()
    ready.wait(5)
    try:
        yield state
    finally:

        async def stop() -> None:
            srv = box["srv"]
            srv.close()  # type: ignore[attr-defined]
            for task in list(handlers):
                task.cancel()
            await asyncio.gather(*handlers, return_exceptions=True)
            await asyncio.sleep(0)

        asyncio.run_coroutine_threadsafe(stop(), loop).result(5)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(5)
        loop.close()


def refused_url() -> str:
    """A loopback port nothing listens on (connect is refused: nothing can have been sent)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"
