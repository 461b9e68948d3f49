"""Rendering the page shells: one Jinja environment, escaping on, strict about names."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.templating import Jinja2Templates

from mocks.altrady.auth import current_user
from mocks.altrady.settings import MAX_KEYS_MESSAGE, MAX_KEYS_PER_ACCOUNT
from mocks.altrady.web.navigation import MAIN_LINKS, SETTINGS_LINKS

__all__ = ["PAGE_HEADERS", "TEMPLATE_DIR", "render"]

TEMPLATE_DIR = Path(__file__).parent / "templates"

# Scripts and styles only from this origin: no inline script can run, so a value that
# slipped past escaping still could not execute.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)

PAGE_HEADERS: dict[str, str] = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}

_environment = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_templates = Jinja2Templates(env=_environment)


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    status_code: int = 200,
) -> HTMLResponse:
    values: dict[str, Any] = {
        "user_email": current_user(request),
        "main_links": MAIN_LINKS,
        "settings_links": SETTINGS_LINKS,
        "max_keys": MAX_KEYS_PER_ACCOUNT,
        "max_keys_message": MAX_KEYS_MESSAGE,
        "section": "",
        "settings_page": "",
    }
    values.update(context or {})
    return _templates.TemplateResponse(
        request, template, values, status_code=status_code, headers=PAGE_HEADERS
    )
