"""A small web service: POST a profile (JSON or TOML), get the plan as JSON.

Standard library only (wsgiref).  One engine serves every request: engines
hold no per-request state, so this is safe across threads.

    python examples/web_service.py --port 8000
    curl -s -X POST --data-binary @examples/me.toml -H 'Content-Type: application/toml' localhost:8000/plan
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Iterable
from typing import Any

from recommender import Engine, NoSafePlanError, RecommenderError, plan_to_dict, profile_from_dict, profile_from_toml

MAX_BODY = 100_000
StartResponse = Callable[[str, list[tuple[str, str]]], Any]


def make_app(engine: Engine) -> Callable[[dict[str, Any], StartResponse], Iterable[bytes]]:
    """A WSGI application serving ``POST /plan`` and ``GET /health``."""

    def reply(start: StartResponse, status: str, body: dict[str, Any]) -> list[bytes]:
        data = json.dumps(body, ensure_ascii=False).encode()
        start(status, [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
        return [data]

    def app(environ: dict[str, Any], start: StartResponse) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD", "")
        if path == "/health" and method == "GET":
            return reply(start, "200 OK", {"status": "ok"})
        if path != "/plan":
            return reply(start, "404 Not Found", {"error": "not found"})
        if method != "POST":
            return reply(start, "405 Method Not Allowed", {"error": "use POST"})
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = -1
        if not 0 < length <= MAX_BODY:
            return reply(start, "413 Payload Too Large", {"error": f"send a profile of 1 to {MAX_BODY} bytes"})
        raw = environ["wsgi.input"].read(length).decode("utf-8", "replace")
        try:
            if "toml" in environ.get("CONTENT_TYPE", ""):
                profile = profile_from_toml(raw, source="request")
            else:
                try:
                    data = json.loads(raw)
                except json.JSONDecodeError as exc:
                    return reply(start, "400 Bad Request", {"error": f"request: invalid JSON: {exc.msg}"})
                profile = profile_from_dict(data, source="request")
            plan = engine.recommend(profile)
        except NoSafePlanError as exc:
            return reply(start, "422 Unprocessable Entity", {"error": exc.line(), "constraint": exc.constraint, "rule": exc.rule_id})
        except RecommenderError as exc:
            return reply(start, "400 Bad Request", {"error": exc.line(), "key_path": exc.key_path, "expected": exc.expected})
        return reply(start, "200 OK", plan_to_dict(plan))

    return app


def main(argv: list[str] | None = None) -> None:
    from wsgiref.simple_server import make_server

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    with make_server(args.host, args.port, make_app(Engine())) as server:
        print(f"serving on http://{args.host}:{server.server_port}/plan")
        server.serve_forever()


if __name__ == "__main__":
    main()
