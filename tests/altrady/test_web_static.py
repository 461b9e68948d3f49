"""The pages' static files: all there, served right, and free of HTML injection sinks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from mocks.altrady.web import routes as web
from mocks.altrady.web.templating import TEMPLATE_DIR

JS_DIR = web.STATIC_DIR / "js"
JS_FILES = sorted(JS_DIR.glob("*.js"))
TEMPLATES = sorted(TEMPLATE_DIR.rglob("*.html"))

# Data must reach the page as text: these would parse it as HTML (or run it).
HTML_SINKS = re.compile(r"\b(innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval)\b")
IMPORT = re.compile(r"""^import\s[^;]*?from\s+["'](\./[\w.-]+)["'];""", re.MULTILINE | re.DOTALL)
STATIC_REF = re.compile(r"""(?:href|src)="(/static/[^"]+)\"""")


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(Starlette(routes=web.routes))


def test_there_is_javascript_to_check() -> None:
    assert {p.name for p in JS_FILES} >= {"login.js", "exchange-accounts.js", "wizard.js"}


@pytest.mark.parametrize("script", JS_FILES, ids=lambda p: p.name)
def test_scripts_never_write_html(script: Path) -> None:
    code = script.read_text(encoding="utf-8")
    code = re.sub(r"^\s*//.*$", "", code, flags=re.MULTILINE)  # comments may name the sinks
    assert not HTML_SINKS.search(code)


@pytest.mark.parametrize("script", JS_FILES, ids=lambda p: p.name)
def test_module_imports_resolve(script: Path) -> None:
    for target in IMPORT.findall(script.read_text(encoding="utf-8")):
        assert (script.parent / target).is_file(), f"{script.name} imports missing {target}"


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.name)
def test_templates_reference_only_files_that_exist(template: Path, client: TestClient) -> None:
    for ref in STATIC_REF.findall(template.read_text(encoding="utf-8")):
        answer = client.get(ref)
        assert answer.status_code == 200, ref


@pytest.mark.parametrize(
    ("path", "media_type"),
    [
        ("/static/js/wizard.js", "javascript"),
        ("/static/css/altrady.css", "text/css"),
        ("/static/favicon.svg", "image/svg+xml"),
    ],
)
def test_static_files_are_served_with_their_type(
    client: TestClient, path: str, media_type: str
) -> None:
    answer = client.get(path)
    assert answer.status_code == 200
    assert media_type in answer.headers["content-type"]


def test_unknown_static_file_is_a_404(client: TestClient) -> None:
    assert client.get("/static/js/nope.js").status_code == 404
    assert client.get("/static/../routes.py").status_code == 404


def test_no_external_resources() -> None:
    for path in [*TEMPLATES, *JS_FILES, web.STATIC_DIR / "css" / "altrady.css"]:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"(?:src|href|url\()\s*=?\s*[\"']?(?:https?:)?//", text), path.name
