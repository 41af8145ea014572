"""The web editor in the preview: /admin/ with Decap's local-backend protocol at /api/v1, writing only below the site
root."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any

from tornado import web

from careerguide.load.unread import is_leftover
from careerguide.model.errors import ContentError, Source
from careerguide.model.yamltext import YamlProblem, parse_yaml
from careerguide.render.cms import admin_page, config_text, decap_config
from careerguide.validate.settings import site_settings

EDITABLE = ("content/", "data/")
"""The folders the editor may read and write in; nothing else of the root (site.yaml, templates, .git) is reachable."""
_STATUS = """<div id="build-status" role="alert" hidden style="position:fixed;left:0;right:0;bottom:0;z-index:9999;
max-height:40vh;overflow:auto;background:#fff4f4;border-top:3px solid #b00020;
font:14px/1.4 system-ui,sans-serif;padding:.5rem 1rem">
<button type="button" style="float:right">Hide</button><strong>The site does not build;
the preview shows the last version that did. Fix these and save:</strong><ul></ul></div>
<script>
(function () {
  var box = document.getElementById("build-status"), list = box.querySelector("ul"), hidden = "";
  box.querySelector("button").addEventListener("click", function () { hidden = list.textContent; box.hidden = true; });
  function show(status) {
    list.innerHTML = "";
    status.problems.forEach(function (problem) {
      var item = document.createElement("li"), code = document.createElement("code");
      code.textContent = problem;
      item.appendChild(code);
      list.appendChild(item);
    });
    box.hidden = !status.failed || list.textContent === hidden;
  }
  function poll() {
    fetch("status.json", {cache: "no-store"}).then(function (r) { return r.json(); }).then(show).catch(function () {});
  }
  poll();
  setInterval(poll, 1500);
})();
</script>
"""
"""While the preview's build fails, its problems under the editor as `path:line: message`, until they are fixed or
hidden."""


class Refused(Exception):
    """A request the local backend will not carry out; the message says why."""


class AdminHandler(web.RequestHandler):
    """/admin/ (the editor's page), /admin/config.yml (its configuration, with the local backend) and
    /admin/status.json."""

    def initialize(self, root: Path, url: str, status: Callable[[], tuple[bool, tuple[ContentError, ...]]]) -> None:
        self.root, self.url, self.status = root, url, status

    def get(self, name: str) -> None:
        self.set_header("Cache-Control", "no-store")
        if name in ("", "index.html"):
            self.set_header("Content-Type", "text/html; charset=utf-8")
            # Without </head> the preview's live-reload script is not put in: a reload on every save would throw away
            # what the editor is typing (the optional end tag changes nothing else).
            self.finish(admin_page("Decap CMS · preview", _STATUS).replace("</head>\n", "", 1))
        elif name == "config.yml":
            self.set_header("Content-Type", "text/yaml; charset=utf-8")
            self.finish(local_config(self.root, self.url))
        elif name == "status.json":
            failed, problems = self.status()
            self.set_header("Content-Type", "application/json")
            self.finish(json.dumps({"failed": failed, "problems": [str(problem) for problem in problems]}))
        else:
            raise web.HTTPError(404)


def local_config(root: Path, url: str) -> str:
    """The editor's configuration for the preview: Decap's proxy backend at this server's /api/v1."""
    try:
        doc = parse_yaml((root / "site.yaml").read_text(encoding="utf-8"), Source("site.yaml"))
    except (OSError, UnicodeError, YamlProblem):
        raise web.HTTPError(503, "site.yaml cannot be read; fix it, then reload the editor") from None
    problems: list[ContentError] = []
    config = site_settings(doc, problems)
    if config is None:
        raise web.HTTPError(503, "site.yaml has problems (see the preview); fix them, then reload the editor")
    return config_text(decap_config(config, {"name": "proxy", "proxy_url": f"{url}api/v1", "branch": "main"}))


class LocalBackend(web.RequestHandler):
    """Decap's local-backend protocol (what its `decap-server` answers), for the files below the site root only."""

    def initialize(self, root: Path) -> None:
        self.root = root

    def post(self) -> None:
        origin = self.request.headers.get("Origin")
        if origin is not None and origin.lower() != f"http://{self.request.headers.get('Host', '').lower()}":
            raise web.HTTPError(
                403, "only the preview's own editor may save"
            )  # a page of another site must not write here
        if not self.request.headers.get("Content-Type", "").startswith("application/json"):
            raise web.HTTPError(415, "expected JSON")
        try:
            body = json.loads(self.request.body)
            answer = self.answer(body.get("action"), body.get("params") or {})
        except (ValueError, AttributeError, KeyError, TypeError) as exc:
            self.set_status(422)
            answer = {"error": f"malformed request: {exc}"}
        except Refused as refused:
            self.set_status(422)
            answer = {"error": str(refused)}
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(answer))

    def answer(self, action: str, params: dict[str, Any]) -> Any:
        """What Decap expects for `action`."""
        if action == "info":
            return {"repo": self.root.name, "publish_modes": ["simple"], "type": "local_fs"}
        if action == "entriesByFolder":
            folder = self.place(params["folder"].rstrip("/") + "/")
            return [self.entry(path) for path in self.listing(folder, params.get("extension", ""))]
        if action == "entriesByFiles":
            return [self.entry(self.place(file["path"])) for file in params["files"]]
        if action == "getEntry":
            return self.entry(self.place(params["path"]))
        if action == "persistEntry":
            files = params.get("dataFiles") or [params["entry"]]
            if params.get("assets"):
                raise Refused("the guide takes no media files")
            for file in files:
                target = self.place(file.get("newPath") or file["path"])  # a new path: the entry was renamed
                self.save(target, file["raw"])
                if file.get("newPath"):
                    self.place(file["path"]).unlink(missing_ok=True)
            return {"message": "entry persisted"}
        if action in ("deleteFile", "deleteFiles"):
            for path in params.get("paths") or [params["path"]]:
                self.place(path).unlink(missing_ok=True)
            return {"message": "deleted"}
        if action == "getMedia":
            return []
        if action == "getDeployPreview":
            return None
        raise Refused(f"the preview's editor does not do {action!r}")

    def place(self, path: str) -> Path:
        """The file below the root that `path` names, refused when it leaves the editable folders (`..`, a link out)."""
        parts = PurePosixPath(path)
        if parts.is_absolute() or ".." in parts.parts or not f"{parts.as_posix()}/".startswith(EDITABLE):
            raise Refused(f"{path!r} is outside content/ and data/")
        target = self.root / parts
        real_root = self.root.resolve()
        if not target.resolve().is_relative_to(real_root / parts.parts[0]):
            raise Refused(f"{path!r} leads outside the site root")
        return target

    def listing(self, folder: Path, extension: str) -> list[Path]:
        if not folder.is_dir():
            return []
        return sorted(
            path
            for path in folder.iterdir()
            if path.is_file()
            and path.name.endswith(extension)
            and not path.name.startswith(".")
            and not is_leftover(path.name)
        )

    def entry(self, path: Path) -> dict[str, Any]:
        relative = path.relative_to(self.root).as_posix()
        try:
            data = path.read_bytes()
        except OSError:
            return {"data": None, "file": {"path": relative, "id": None}}
        return {
            "data": data.decode("utf-8", "replace"),
            "file": {"path": relative, "id": hashlib.sha256(data).hexdigest()},
        }

    def save(self, target: Path, text: str) -> None:
        """Replace the file in one step, so that the preview's watcher sees one finished file."""
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, partial = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
                out.write(text)
            os.replace(partial, target)
        finally:
            if os.path.exists(partial):
                os.unlink(partial)
