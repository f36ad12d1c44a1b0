"""The static web server for the widget: the demo page's values, no logs, no listings."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from ops.website import WEB_DIR, make_server, serve_in_background


@pytest.fixture
def website(tmp_path):
    (tmp_path / "index.html").write_text("<h1>{{clinic_name}}</h1><script data-server='{{rasa_url}}'></script>")
    (tmp_path / "widget.js").write_text("console.log('hi');")
    (tmp_path / "private").mkdir()
    server = make_server("127.0.0.1", 0, {"clinic_name": "Smith & Sons <Clinic>", "rasa_url": "http://x/'y"}, tmp_path)
    serve_in_background(server)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def fetch(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, "", ""


def test_demo_page_gets_the_clinic_values_escaped(website):
    status, content_type, body = fetch(f"{website}/")
    assert status == 200 and content_type.startswith("text/html")
    assert "<h1>Smith &amp; Sons &lt;Clinic&gt;</h1>" in body
    assert "data-server='http://x/&#x27;y'" in body
    assert fetch(f"{website}/index.html")[2] == body


def test_files_are_served_and_nothing_else(website):
    status, content_type, body = fetch(f"{website}/widget.js")
    assert status == 200 and "javascript" in content_type and "console.log" in body
    assert fetch(f"{website}/private/")[0] == 404
    assert fetch(f"{website}/missing.css")[0] == 404


def test_nothing_outside_the_web_folder_is_served(tmp_path):
    (tmp_path / "outside.txt").write_text("next to the web folder")
    (tmp_path / "web").mkdir()
    for folder, path, status in [
        (tmp_path, "/outside.txt", 200),  # the file is there: the 404s below are the server's doing
        (tmp_path / "web", "/../outside.txt", 404),
        (tmp_path / "web", "/%2e%2e/outside.txt", 404),
        (tmp_path / "web", "/nothing/../../outside.txt", 404),
    ]:
        server = make_server("127.0.0.1", 0, {}, folder)
        serve_in_background(server)
        try:
            assert raw_status(f"http://127.0.0.1:{server.server_address[1]}", path) == status, path
        finally:
            server.shutdown()
            server.server_close()


def raw_status(website: str, path: str) -> int:
    """GET `path` exactly as written (urllib would tidy the dots away)."""
    import http.client

    connection = http.client.HTTPConnection(website.removeprefix("http://"), timeout=10)
    try:
        connection.request("GET", path)
        return connection.getresponse().status
    finally:
        connection.close()


def test_requests_are_not_logged(website, capfd):
    fetch(f"{website}/?message=my+feet+burn+Mary+Jones")
    fetch(f"{website}/missing?message=617-555-0199")
    captured = capfd.readouterr()
    assert "Mary" not in captured.err + captured.out and "617" not in captured.err + captured.out
    assert captured.err == ""


def test_the_project_web_folder_has_the_widget():
    for name in ("index.html", "widget.js", "widget.css"):
        assert (WEB_DIR / name).is_file()
    page = (WEB_DIR / "index.html").read_text()
    assert 'src="widget.js"' in page and 'data-server="{{rasa_url}}"' in page


def test_no_other_site_may_frame_the_page_and_no_version_is_shown(website):
    with urllib.request.urlopen(f"{website}/", timeout=10) as response:
        headers = response.headers
    assert headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["Server"] == "clinic-website"
