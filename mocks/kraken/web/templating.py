"""Rendering the Kraken pages: one Jinja2 environment (autoescaped), display filters and
the headers every page carries."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import jinja2
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.templating import Jinja2Templates

from mocks.kraken.web.session import CSRF_FIELD, csrf_token, pop_flash

__all__ = [
    "STATIC_DIR",
    "format_amount",
    "format_utc",
    "mask_public_key",
    "render",
]

WEB_DIR = Path(__file__).parent
STATIC_DIR = WEB_DIR / "static"
MASK_VISIBLE_CHARS = 6

# Everything the pages load comes from this server: no inline script, no CDN. The policy
# also stops any markup that slipped through escaping from running.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; object-src 'none'; "
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def format_utc(unix_seconds: float) -> str:
    return datetime.fromtimestamp(unix_seconds, UTC).strftime("%Y-%m-%d %H:%M UTC")


def mask_public_key(public_key: str) -> str:
    return public_key[:MASK_VISIBLE_CHARS] + "…"


def format_amount(amount: Decimal) -> str:
    return f"{amount:,f}"


def _common_context(request: Request) -> dict[str, Any]:
    return {
        "csrf_field": CSRF_FIELD,
        "csrf_token": csrf_token(request),
        "flash": pop_flash(request),
        "current_path": request.url.path,
    }


_environment = jinja2.Environment(
    loader=jinja2.FileSystemLoader(WEB_DIR / "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_environment.filters["utc"] = format_utc
_environment.filters["masked"] = mask_public_key
_environment.filters["amount"] = format_amount

_templates = Jinja2Templates(env=_environment, context_processors=[_common_context])


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    status_code: int = 200,
    no_store: bool = False,
) -> HTMLResponse:
    """Render ``template``; ``no_store`` keeps the page out of every cache (secrets)."""
    headers = dict(SECURITY_HEADERS)
    if no_store:
        headers["Cache-Control"] = "no-store"
    return _templates.TemplateResponse(
        request, template, context or {}, status_code=status_code, headers=headers
    )
