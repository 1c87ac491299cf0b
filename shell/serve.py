#!/usr/bin/env python3
"""shell/serve.py: serve a folder of static files on 127.0.0.1 for development and tests.

Sends Cross-Origin-Opener-Policy / Cross-Origin-Embedder-Policy (so SharedArrayBuffer exists)
unless --no-isolation is given (tests use that to check the MessagePort fallback). Never caches,
so a rebuild is seen on reload. Not a production server: any static host can serve dist/.

Tests only, opt-in: --test-init-dir DIR gives browsers without init scripts (WebKit over classic
WebDriver) scripts that run before the page's own. A page request (a path ending in "/" or
"/index.html") whose query holds testinit=<id>[,<id>...] gets <script src="testinit/<id>.js">
tags inserted, in that order, before the page's first <script> element (the page's CSP allows
same-origin script files, not inline script); testinit/<id>.js is served from DIR/<id>.js.
Ids are [A-Za-z0-9_-]. Without the query (or without the option) every file is served as is.
"""
import argparse
import functools
import http.server
import os
import re
import sys
import urllib.parse

TEST_INIT_SCRIPT = re.compile(r"(?:^|/)testinit/([A-Za-z0-9_-]{1,64})\.js$")
TEST_INIT_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


class Handler(http.server.SimpleHTTPRequestHandler):
    isolation = True
    test_init_dir = None
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".webmanifest": "application/manifest+json",
        ".json": "application/json",
    }

    def end_headers(self):
        if self.isolation:
            self.send_header("Cross-Origin-Opener-Policy", "same-origin")
            self.send_header("Cross-Origin-Embedder-Policy", "require-corp")
        self.send_header("Cross-Origin-Resource-Policy", "same-origin")
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self):
        if not (self.test_init_dir and self.send_test_init()):
            super().do_GET()

    def send_test_init(self):
        """Serves an init script, or a page with init script tags; False: not such a request."""
        url = urllib.parse.urlsplit(self.path)
        path = urllib.parse.unquote(url.path)
        script = TEST_INIT_SCRIPT.search(path)
        if script:
            return self.send_bytes(os.path.join(self.test_init_dir, script.group(1) + ".js"), "text/javascript")
        ids = ",".join(urllib.parse.parse_qs(url.query).get("testinit", [])).split(",")
        ids = [i for i in ids if i]
        if not ids or not (path.endswith("/") or path.endswith("/index.html")):
            return False
        if not all(TEST_INIT_ID.fullmatch(i) for i in ids):
            self.send_error(400, "bad testinit id")
            return True
        page = self.translate_path(url.path)
        if os.path.isdir(page):
            page = os.path.join(page, "index.html")
        try:
            with open(page, encoding="utf-8") as f:
                html = f.read()
        except OSError:
            return False  # let the normal handler answer (404)
        tags = "".join(f'<script src="testinit/{i}.js"></script>' for i in ids)
        html, found = re.subn(r"<script\b", lambda m: tags + m.group(0), html, count=1, flags=re.I)
        if not found:
            html = html.replace("</body>", tags + "</body>", 1) if "</body>" in html else html + tags
        return self.send_bytes(None, "text/html; charset=utf-8", html.encode("utf-8"))

    def send_bytes(self, file, content_type, body=None):
        try:
            if body is None:
                with open(file, "rb") as f:
                    body = f.read()
        except OSError:
            self.send_error(404, "no such init script")
            return True
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return True

    def log_message(self, fmt, *args):  # quiet unless asked
        if self.server.verbose:
            super().log_message(fmt, *args)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("directory")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--no-isolation", action="store_true")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--test-init-dir", metavar="DIR", help="tests only: see the module docstring")
    args = parser.parse_args()
    Handler.isolation = not args.no_isolation
    Handler.test_init_dir = args.test_init_dir
    handler = functools.partial(Handler, directory=args.directory)
    server = http.server.ThreadingHTTPServer((args.host, args.port), handler)
    server.verbose = args.verbose
    print(f"serving {args.directory} on http://{args.host}:{args.port}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
