"""A hub-compatible HTTP server on 127.0.0.1 that serves model folders the way huggingface.co does.

It answers what huggingface_hub's ``HfApi.model_info``, ``get_hf_file_metadata``, ``http_get`` and
``hf_hub_download`` ask for:

- ``GET /api/models/{org}/{name}/revision/{rev}?blobs=True``: ``{"id", "sha", "siblings": [...]}`` with each
  file's size, git blob id, and for LFS files ``{"sha256", "size", "pointerSize"}``;
- ``HEAD|GET /{org}/{name}/resolve/{rev}/{file}``: small files directly (``ETag`` = blob id,
  ``X-Repo-Commit``); LFS files (weights, sentencepiece models) as a 302 to a second server standing in
  for the CDN, with ``X-Linked-Etag`` (the sha256) and ``X-Linked-Size``, as the hub does;
- ``HEAD|GET /cdn/{sha256}`` on the CDN server: the bytes, with ``Range`` support (206 + ``Content-Range``).

- ``GET /api/models/{org}/{name}/commits/{rev}``: the commit and its ancestors, newest first (``parent``
  of :meth:`HubServer.add_repo`);
- ``GET /api/models/{org}/{name}/discussions``: the pull requests added with :meth:`HubServer.add_pr`,
  filtered by ``type``, ``status`` and ``author`` as the hub does.

Unknown repos, revisions and files get the hub's 404s with ``X-Error-Code``. For resume tests, with an LFS
blob's sha256: ``drop[sha] = n`` makes the next GET of it send ``n`` bytes and close the connection, and
``broken.add(sha)`` makes every GET of it answer 503 until removed. Every request is logged as
``(method, path, range header)``.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

LFS = re.compile(r"\.(safetensors|bin|model|h5|msgpack)$")


class HubServer:
    """Repos by id, each with commits of files; start with ``with HubServer() as hub:``."""

    def __init__(self) -> None:
        self.commits: dict[str, dict[str, dict[str, dict]]] = {}  # repo -> commit -> file name -> entry
        self.refs: dict[str, dict[str, str]] = {}  # repo -> ref name -> commit
        self.parents: dict[str, dict[str, str | None]] = {}  # repo -> commit -> parent commit
        self.prs: dict[str, list[dict]] = {}  # repo -> pull requests, as the discussions API lists them
        self.blobs: dict[str, bytes] = {}  # sha256 -> content
        self.drop: dict[str, int] = {}
        self.broken: set[str] = set()
        self.log: list[tuple[str, str, str | None]] = []
        self._lock = threading.Lock()
        self._hub = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self, cdn=False))
        self._cdn = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self, cdn=True))
        self.url = f"http://127.0.0.1:{self._hub.server_port}"
        self.cdn_url = f"http://127.0.0.1:{self._cdn.server_port}"

    def __enter__(self) -> HubServer:
        for server in (self._hub, self._cdn):
            threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        for server in (self._hub, self._cdn):
            server.shutdown()
            server.server_close()

    def add_repo(
        self,
        repo_id: str,
        files: dict[str, bytes] | Path,
        refs: tuple[str, ...] = ("main",),
        commit: str | None = None,
        parent: str | None = None,
    ) -> str:
        """Publish ``files`` (a folder, or name -> bytes) as a commit of ``repo_id`` on top of ``parent``;
        returns its sha."""
        if isinstance(files, Path):
            files = {p.name: p.read_bytes() for p in sorted(files.iterdir()) if p.is_file()}
        table = {name: self._entry(name, data) for name, data in files.items()}
        listing = repr((repo_id, parent, sorted((n, e["oid"]) for n, e in table.items())))
        commit = commit or hashlib.sha1(listing.encode()).hexdigest()
        self.commits.setdefault(repo_id, {})[commit] = table
        self.parents.setdefault(repo_id, {})[commit] = parent
        for ref in refs:
            self.refs.setdefault(repo_id, {})[ref] = commit
        return commit

    def add_pr(
        self,
        repo_id: str,
        number: int,
        files: dict[str, bytes] | Path,
        parent: str,
        author: str = "SFconvertbot",
        status: str = "open",
    ) -> str:
        """Publish a pull request ``refs/pr/{number}``: one commit on top of ``parent``; returns its sha."""
        commit = self.add_repo(repo_id, files, refs=(f"refs/pr/{number}",), parent=parent)
        title = "Adding `safetensors` variant of this model"
        self.prs.setdefault(repo_id, []).append(
            {
                "num": number,
                "title": title,
                "status": status,
                "isPullRequest": True,
                "createdAt": f"2024-01-{number % 28 + 1:02d}T00:00:00.000Z",
                "author": {"name": author},
                "repo": {"name": repo_id, "type": "model"},
            }
        )
        return commit

    def history(self, repo_id: str, commit: str) -> list[str]:
        """``commit`` and its ancestors, newest first."""
        found: list[str] = []
        current: str | None = commit
        while current is not None and current not in found:
            found.append(current)
            current = self.parents.get(repo_id, {}).get(current)
        return found

    def _entry(self, name: str, data: bytes) -> dict:
        blob_id = hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()
        entry = {"data": data, "size": len(data), "blob_id": blob_id, "oid": blob_id, "lfs": None}
        if LFS.search(name):
            sha = hashlib.sha256(data).hexdigest()
            self.blobs[sha] = data
            entry["lfs"] = {"sha256": sha, "size": len(data), "pointerSize": 134}
            entry["oid"] = sha
        return entry

    def gets(self, file_sha256: str) -> list[str | None]:
        """The Range headers of every GET of one LFS blob from the CDN (None: a full GET)."""
        return [rng for method, path, rng in self.log if method == "GET" and path == f"/cdn/{file_sha256}"]

    def downloads(self) -> list[str]:
        """Paths of every GET that carried file bytes (resolve or CDN)."""
        return [path for method, path, _ in self.log if method == "GET" and not path.startswith("/api/")]

    def commit_of(self, repo_id: str, revision: str) -> str | None:
        repo = self.commits.get(repo_id)
        if repo is None:
            return None
        return revision if revision in repo else self.refs.get(repo_id, {}).get(revision)


def _handler(hub: HubServer, cdn: bool) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:  # keep test output quiet
            pass

        def do_HEAD(self) -> None:
            self._serve(body=False)

        def do_GET(self) -> None:
            self._serve(body=True)

        def _serve(self, body: bool) -> None:
            path = urlsplit(self.path).path
            with hub._lock:
                hub.log.append((self.command, path, self.headers.get("Range")))
            if cdn:
                return self._cdn(path, body)
            if match := re.fullmatch(r"/api/models/([^/]+/[^/]+)/revision/([^/]+)", path):
                return self._info(unquote(match[1]), unquote(match[2]))
            if match := re.fullmatch(r"/api/models/([^/]+/[^/]+)/commits/([^/]+)", path):
                return self._commits(unquote(match[1]), unquote(match[2]))
            if match := re.fullmatch(r"/api/models/([^/]+/[^/]+)/discussions", path):
                return self._discussions(unquote(match[1]), parse_qs(urlsplit(self.path).query))
            if match := re.fullmatch(r"/([^/]+/[^/]+)/resolve/([^/]+)/(.+)", path):
                return self._resolve(unquote(match[1]), unquote(match[2]), unquote(match[3]), body)
            self._error(404, "RepoNotFound")

        def _info(self, repo_id: str, revision: str) -> None:
            commit = hub.commit_of(repo_id, revision)
            if commit is None:
                return self._error(404, "RepoNotFound" if repo_id not in hub.commits else "RevisionNotFound")
            siblings = [_sibling(name, e) for name, e in hub.commits[repo_id][commit].items()]
            data = json.dumps(
                {"id": repo_id, "modelId": repo_id, "sha": commit, "siblings": siblings}
            ).encode()
            self._send(200, data, {"Content-Type": "application/json"}, body=True)

        def _commits(self, repo_id: str, revision: str) -> None:
            commit = hub.commit_of(repo_id, revision)
            if commit is None:
                return self._error(404, "RepoNotFound" if repo_id not in hub.commits else "RevisionNotFound")
            items = [
                {
                    "id": sha,
                    "title": f"commit {sha[:7]}",
                    "message": "",
                    "authors": [{"user": "someone"}],
                    "date": "2024-01-01T00:00:00.000Z",
                }
                for sha in hub.history(repo_id, commit)
            ]
            self._send(200, json.dumps(items).encode(), {"Content-Type": "application/json"}, body=True)

        def _discussions(self, repo_id: str, query: dict[str, list[str]]) -> None:
            if repo_id not in hub.commits:
                return self._error(404, "RepoNotFound")
            wanted = {key: query[key][0] for key in ("status", "author") if key in query}
            prs = [
                pr
                for pr in hub.prs.get(repo_id, [])
                if wanted.get("status", pr["status"]) == pr["status"]
                and wanted.get("author", pr["author"]["name"]) == pr["author"]["name"]
            ]
            prs = sorted(prs, key=lambda pr: -pr["num"])
            data = {"discussions": prs, "count": len(prs), "start": 0, "numClosedDiscussions": 0}
            self._send(200, json.dumps(data).encode(), {"Content-Type": "application/json"}, body=True)

        def _resolve(self, repo_id: str, revision: str, name: str, body: bool) -> None:
            commit = hub.commit_of(repo_id, revision)
            if commit is None:
                return self._error(404, "RepoNotFound" if repo_id not in hub.commits else "RevisionNotFound")
            entry = hub.commits[repo_id][commit].get(name)
            if entry is None:
                return self._error(404, "EntryNotFound", {"X-Repo-Commit": commit})
            headers = {"X-Repo-Commit": commit}
            if entry["lfs"]:
                sha = entry["lfs"]["sha256"]
                headers.update(
                    {
                        "Location": f"{hub.cdn_url}/cdn/{sha}",
                        "X-Linked-Etag": f'"{sha}"',
                        "X-Linked-Size": str(entry["size"]),
                        "ETag": f'"{entry["blob_id"]}"',
                    }
                )
                return self._send(302, b"", headers, body=body)
            headers["ETag"] = f'"{entry["blob_id"]}"'
            self._send(200, entry["data"], headers, body=body)

        def _cdn(self, path: str, body: bool) -> None:
            sha = path.rsplit("/", 1)[-1]
            data = hub.blobs.get(sha)
            if data is None:
                return self._error(404, "EntryNotFound")
            headers = {"ETag": f'"{sha}"', "Accept-Ranges": "bytes"}
            start = _range_start(self.headers.get("Range"))
            if start:
                headers["Content-Range"] = f"bytes {start}-{len(data) - 1}/{len(data)}"
            status = 206 if start else 200
            with hub._lock:
                cut = hub.drop.pop(sha, None) if body else None
            if cut is not None:
                return self._send_partial(status, data[start:], cut, headers)
            if body and sha in hub.broken:
                return self._send(503, b"unavailable", {}, body=True)
            self._send(status, data[start:], headers, body=body)

        def _send_partial(self, status: int, data: bytes, cut: int, headers: dict[str, str]) -> None:
            self.send_response(status)
            for key, value in {**headers, "Content-Length": str(len(data))}.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(data[:cut])
            self.wfile.flush()
            self.close_connection = True

        def _error(self, status: int, code: str, extra: dict[str, str] | None = None) -> None:
            headers = {"X-Error-Code": code, **(extra or {})}
            self._send(status, code.encode(), headers, body=self.command != "HEAD")

        def _send(self, status: int, data: bytes, headers: dict[str, str], body: bool) -> None:
            self.send_response(status)
            for key, value in {**headers, "Content-Length": str(len(data))}.items():
                self.send_header(key, value)
            self.end_headers()
            if body and data:
                self.wfile.write(data)

    return Handler


def _sibling(name: str, entry: dict) -> dict:
    data = {"rfilename": name, "size": entry["size"], "blobId": entry["blob_id"]}
    return {**data, "lfs": entry["lfs"]} if entry["lfs"] else data


def _range_start(header: str | None) -> int:
    match = re.fullmatch(r"bytes=(\d+)-(\d*)", header or "")
    return int(match[1]) if match else 0
