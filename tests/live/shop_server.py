"""A local test shop on 127.0.0.1: static pages with a Pixel stand-in and a server part that posts
the same events to the relay as a real shop backend would (fbp from the cookie, client context)."""

from __future__ import annotations

import hashlib
import json
import threading
import time
import urllib.request
from functools import partial
from http.cookies import SimpleCookie
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

SHOP_DIR = Path(__file__).with_name("shop")
PIXEL_ID = "1234567890"


def _sha(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


class _ShopHandler(SimpleHTTPRequestHandler):
    server: ShopServer

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_POST(self) -> None:
        if self.path != "/api/track":
            self.send_error(404)
            return
        length = int(self.headers.get("Content-Length") or 0)
        sent = json.loads(self.rfile.read(length) or b"{}")
        cookies = SimpleCookie(self.headers.get("Cookie", ""))
        status = self.server.post_server_event(
            sent,
            {k: m.value for k, m in cookies.items()},
            # behind a proxy a shop reads the visitor's IP from X-Forwarded-For; here a
            # documentation address (RFC 5737) stands in for the visitor's public IP
            self.headers.get("X-Forwarded-For", "203.0.113.42"),
            self.headers.get("User-Agent", ""),
        )
        raw = json.dumps({"relay_status": status}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)


class ShopServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, relay_url: str, token: str = "test-token-123") -> None:
        super().__init__(("127.0.0.1", 0), partial(_ShopHandler, directory=str(SHOP_DIR)))
        self.relay_url = relay_url
        self.token = token
        self.statuses: list[int] = []
        self.url = f"http://127.0.0.1:{self.server_address[1]}"
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)
        self._thread.start()

    def server_event(
        self, sent: dict[str, Any], cookies: dict[str, str], ip: str, agent: str
    ) -> dict[str, Any]:
        variant = sent.get("variant", "")
        user: dict[str, Any] = {
            "em": [_sha("buyer@example.com")],
            "external_id": [_sha("cust-34982")],
            "client_ip_address": ip,
            "client_user_agent": agent,
        }
        if cookies.get("_fbp") and not (
            variant == "no_fbp_server" and sent["event_name"] == "Purchase"
        ):
            user["fbp"] = cookies["_fbp"]
        if cookies.get("_fbc"):
            user["fbc"] = cookies["_fbc"]
        return {
            "event_name": sent["event_name"],
            "event_time": int(time.time()),
            "event_id": sent["event_id"],
            "action_source": "website",
            "event_source_url": sent.get("url"),
            "user_data": user,
            "custom_data": sent.get("custom_data") or {},
        }

    def post_server_event(
        self, sent: dict[str, Any], cookies: dict[str, str], ip: str, agent: str
    ) -> int:
        token = "wrong-token-999" if sent.get("variant") == "wrong_token" else self.token
        body = {"data": [self.server_event(sent, cookies, ip, agent)], "access_token": token}
        request = urllib.request.Request(
            f"{self.relay_url}/v21.0/{PIXEL_ID}/events",
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                status = int(response.status)
        except urllib.error.HTTPError as exc:
            status = exc.code
        self.statuses.append(status)
        return status

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
