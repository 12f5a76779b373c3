"""A web server for the images the networks fetch (Instagram/Threads `image_url`,
Facebook `url`), standing in for Sklaida's own media URLs.

    host.add("/media/a.jpg", data)   # then host.url("/media/a.jpg") is fetchable
    host.fetched                     # paths fetched so far
"""

import mimetypes
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class ImageHost:
    def __init__(self, media_root=None, media_url="/media/"):
        self.files = {}  # path -> (content type, bytes)
        # Optionally also serve a MEDIA_ROOT at MEDIA_URL, as Sklaida's web server does.
        self.media_root = Path(media_root) if media_root else None
        self.media_url = media_url
        self.fetched = []
        self._lock = threading.Lock()
        self._server = None

    def add(self, path, data, content_type="image/jpeg") -> str:
        with self._lock:
            self.files[path] = (content_type, data)
        return self.url(path)

    def from_media_root(self, path):
        if self.media_root is None or not path.startswith(self.media_url):
            return None
        root = self.media_root.resolve()
        file = (root / path[len(self.media_url) :]).resolve()
        if root not in file.parents or not file.is_file():
            return None
        return (mimetypes.guess_type(file.name)[0] or "application/octet-stream", file.read_bytes())

    @property
    def base_url(self) -> str:
        return self.url("")

    def url(self, path) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}{path}"

    def start(self):
        host = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                with host._lock:
                    found = host.files.get(self.path) or host.from_media_root(self.path)
                    host.fetched.append(self.path)
                content_type, data = found or ("text/html", b"<h1>Not Found</h1>")
                self.send_response(200 if found else 404)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format, *args):  # noqa: A002 - quiet test output
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        ).start()
        return self

    def stop(self):
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
