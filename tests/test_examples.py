"""Every example in examples/ runs, including the web service over real HTTP."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler, make_server

import pytest

from recommender import Engine

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "examples"))

import web_service  # noqa: E402


def test_minimal_script() -> None:
    """The minimal script prints the first week."""
    r = subprocess.run([sys.executable, str(ROOT / "examples" / "minimal.py")], capture_output=True, text=True, check=False)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("8 weeks, 2 sessions a week")
    assert "notice.stop-signs" in r.stdout


def test_custom_pack_and_rule_without_plugins() -> None:
    """An app plans with only its own pack and rule, and its rule shows as fired."""
    r = subprocess.run([sys.executable, str(ROOT / "examples" / "custom_pack.py")], capture_output=True, text=True, check=False)
    assert r.returncode == 0, r.stderr
    assert "packs used: ['studio']" in r.stdout
    assert "studio rule fired: True" in r.stdout
    assert "band-press" not in r.stdout  # excluded by the app's rule


def test_custom_pack_needs_no_entry_point_discovery(monkeypatch: pytest.MonkeyPatch) -> None:
    """With plugins=False the engine never scans installed distributions."""
    import recommender.plugins

    def boom(*_: object, **__: object) -> list[object]:
        raise AssertionError("discovery ran")

    monkeypatch.setattr(recommender.plugins, "discover", boom)
    sys.path.insert(0, str(ROOT / "examples"))
    import custom_pack

    engine = Engine(packs=[custom_pack.STUDIO], rules=[custom_pack.NO_OVERHEAD], default_pack=False, plugins=False)
    assert [p.name for p in engine.packs] == ["studio"]


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(name="server")
def _server() -> Iterator[str]:
    httpd = make_server("127.0.0.1", 0, web_service.make_app(Engine(plugins=False)), handler_class=_Quiet)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def _post(url: str, body: bytes, content_type: str) -> tuple[int, dict[str, object]]:
    req = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


def test_web_service_plans_a_toml_profile(server: str) -> None:
    """POSTing the example TOML profile returns the plan JSON."""
    status, data = _post(f"{server}/plan", (ROOT / "examples" / "me.toml").read_bytes(), "application/toml")
    assert status == 200
    assert data["schema_version"] == 1
    assert len(data["weeks"]) == 8  # type: ignore[arg-type]


def test_web_service_plans_a_json_profile(server: str) -> None:
    """POSTing a JSON profile works too."""
    body = {"age": 30, "experience": "intermediate", "goal": "strength", "days": ["mon", "thu"], "session_minutes": 60, "start": "2027-01-04", "weeks": 4}
    status, data = _post(f"{server}/plan", json.dumps(body).encode(), "application/json")
    assert status == 200
    assert data["weeks"][0]["sessions"][0]["date"] == "2027-01-04"  # type: ignore[index]


def test_web_service_reports_bad_input(server: str) -> None:
    """A bad profile is a 400 with the key path and what is expected."""
    status, data = _post(f"{server}/plan", b'{"age": "old"}', "application/json")
    assert status == 400
    assert data["key_path"] == "age"
    assert data["error"] == "request: age: expected an integer, got string 'old'"


def test_web_service_no_safe_plan_is_422(server: str) -> None:
    """A profile with no safe plan names the constraint."""
    body = {"age": 30, "experience": "beginner", "goal": "strength", "days": ["mon"], "session_minutes": 60}
    status, data = _post(f"{server}/plan", json.dumps(body).encode(), "application/json")
    assert status == 422
    assert data["constraint"] == "min_rest_hours"
