"""`build_site.py serve`: live preview for authors.

Builds the site, serves it on localhost, rebuilds when a problem file or a template changes,
and makes open pages reload themselves. Unlike `build`, a problem that fails `check` does
not stop the preview: its page shows the error and the rest of the site keeps working.
"""
from __future__ import annotations

import functools
import http.server
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..project import Project
from ..site.build import BuildError, build_site

WATCHED = ("exercise", "solutions", "hidden_tests", "web")
RELOAD_PATH = "/__build_id"
# Added to every HTML page served in preview: poll the build id and reload when it differs
# from the id of the build that served the page.
RELOAD_SCRIPT = """<script>
(() => {
  const served = "%s";
  setInterval(async () => {
    try { const id = await (await fetch("%s", {cache: "no-store"})).text();
          if (id !== served) location.reload(); } catch (e) {}
  }, 700); })();
</script>"""


def snapshot(project: Project) -> dict[Path, float]:
    """Modification times of every watched file."""
    return {p: p.stat().st_mtime for tree in WATCHED if (project.root / tree).is_dir()
            for p in (project.root / tree).rglob("*") if p.is_file() and "__pycache__" not in p.parts}


@dataclass
class Preview:
    """The state shared by the watcher and the request handler: the current build id.
    `project` may be given as the course folder."""

    project: Project
    out: Path
    log: Callable[[str], None] = print
    build_id: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    seen: dict[Path, float] = field(default_factory=dict)  # the files the last build read

    def __post_init__(self) -> None:
        self.project = Project.at(self.project)

    def rebuild(self) -> None:
        # Taken before building, so a file saved during the build triggers another one.
        self.seen = snapshot(self.project)
        started = time.perf_counter()
        try:
            result = build_site(self.project, self.out, strict=False, error_pages=True, service_worker=False)
        except BuildError as exc:
            self.log(f"build failed, serving the previous site:\n{exc}")
            return
        for slug, errors in result.broken.items():
            self.log(f"{slug} fails check (its page shows why):\n" + "\n".join(f"  {self.project.shown(e)}" for e in errors))
        with self.lock:
            self.build_id += 1
        self.log(f"built {len(result.problems)} problems in {time.perf_counter() - started:.1f} s")

    def watch(self, interval: float = 0.5, stop: threading.Event | None = None) -> None:
        """Rebuild whenever a watched file is added, removed or changed."""
        stop = stop or threading.Event()
        while not stop.wait(interval):
            if snapshot(self.project) != self.seen:
                self.rebuild()


class PreviewHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site folder, adds the reload script to pages, answers the build id."""

    preview: Preview

    def do_GET(self):
        if self.path == RELOAD_PATH:
            return self._send(str(self.preview.build_id).encode(), "text/plain")
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            script = (RELOAD_SCRIPT % (self.preview.build_id, RELOAD_PATH)).encode()
            return self._send(path.read_bytes().replace(b"</body>", script + b"</body>"), "text/html")
        return super().do_GET()

    def _send(self, body: bytes, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", f"{kind}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):  # keep the terminal for build messages
        pass


def make_server(preview: Preview, port: int, host: str = "127.0.0.1") -> http.server.ThreadingHTTPServer:
    handler = type("Handler", (PreviewHandler,), {"preview": preview})
    return http.server.ThreadingHTTPServer((host, port), functools.partial(handler, directory=str(preview.out)))


def serve(project: Project | Path, out: Path | None = None, port: int = 8000,
          stop: threading.Event | None = None) -> None:
    """Build the project (or the course folder), then serve on localhost:`port` and rebuild
    on change until interrupted. The site goes to `out`, or to a folder of the preview's
    own (Project.preview_dir, never site/) that is removed when it stops."""
    project = Project.at(project)
    own = out is None
    out = project.preview_dir if out is None else out
    preview = Preview(project, out)
    preview.rebuild()
    server = make_server(preview, port)
    threading.Thread(target=preview.watch, kwargs={"stop": stop}, daemon=True).start()
    if stop is not None:   # a caller (a test, an embedding tool) may end the preview too
        def stop_serving() -> None:
            stop.wait()
            server.shutdown()

        threading.Thread(target=stop_serving, daemon=True).start()
    print(f"serving {out} at http://127.0.0.1:{server.server_address[1]}/ (Ctrl+C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        if own:
            shutil.rmtree(out, ignore_errors=True)
