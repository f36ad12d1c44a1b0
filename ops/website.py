"""A small static web server for web/: the chat widget and a demo clinic homepage.

`index.html` is a template: `{{clinic_name}}`, `{{clinic_phone}}` and `{{rasa_url}}` are
filled in (HTML-escaped) so the demo page shows this clinic and talks to this Rasa server.
Every other file is served as it is. Requests are never logged: a URL could carry what a
patient typed.
"""

from __future__ import annotations

import html
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

WEB_DIR = Path(__file__).resolve().parent.parent / "web"


class _Handler(SimpleHTTPRequestHandler):
    page_values: dict[str, str] = {}

    def version_string(self) -> str:
        return "clinic-website"  # not Python's version

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        """Quiet: no request lines (paths and query strings) and no errors with URLs in them."""

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-cache")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("X-Frame-Options", "DENY")  # no other site may frame the page
        self.send_header("Content-Security-Policy", "frame-ancestors 'none'")
        super().end_headers()

    def list_directory(self, path):
        self.send_error(404)
        return None

    def do_GET(self) -> None:
        if self.path.split("?", 1)[0] not in ("/", "/index.html"):
            super().do_GET()
            return
        page = Path(self.directory, "index.html").read_text(encoding="utf-8")
        for key, value in self.page_values.items():
            page = page.replace("{{" + key + "}}", html.escape(value, quote=True))
        body = page.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def make_server(host: str, port: int, page_values: dict[str, str], web_dir: Path = WEB_DIR) -> ThreadingHTTPServer:
    """A server for `web_dir` on host:port (port 0: a free one); call serve_forever() to run it."""
    handler = type("WebsiteHandler", (_Handler,), {"page_values": dict(page_values)})
    server = ThreadingHTTPServer((host, port), partial(handler, directory=str(web_dir)))
    server.daemon_threads = True
    return server


def serve_in_background(server: ThreadingHTTPServer) -> threading.Thread:
    thread = threading.Thread(target=server.serve_forever, name="website", daemon=True)
    thread.start()
    return thread


def main() -> None:
    """`python -m ops.website --port 8080 --rasa-url http://localhost:5005`: the demo page on 127.0.0.1."""
    import argparse

    from bot.settings import get_settings

    parser = argparse.ArgumentParser(description="the demo clinic homepage with the chat widget (web/)")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--rasa-url", default="http://localhost:5005", help="the Rasa server the widget talks to")
    args = parser.parse_args()
    settings = get_settings()
    server = make_server(
        "127.0.0.1",
        args.port,
        {
            "clinic_name": settings.clinic_name,
            "clinic_phone": settings.clinic_phone,
            "clinic_tel": "".join(c for c in settings.clinic_phone if c.isdigit() or c == "+"),
            "rasa_url": args.rasa_url,
        },
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
