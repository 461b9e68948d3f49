"""Settings -> Security and its tabs, with the API-key list and revoking (guide steps 5-6)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from mocks.kraken.state import Account, ApiKey
from mocks.kraken.web.guards import read_form, signed_in
from mocks.kraken.web.session import Flash, kraken_state, set_flash
from mocks.kraken.web.templating import render
from mocks.kraken_facts.permissions import PERMISSIONS

__all__ = [
    "API_KEYS_PATH",
    "SECURITY_TABS",
    "SecurityTab",
    "api_tab",
    "overview_tab",
    "passkeys_tab",
    "render_api_tab",
    "revoke",
    "two_factor_tab",
]

API_KEYS_PATH = "/settings/security/api"


@dataclass(frozen=True)
class SecurityTab:
    slug: str
    label: str
    path: str


SECURITY_TABS: tuple[SecurityTab, ...] = (
    SecurityTab("overview", "Overview", "/settings/security"),
    SecurityTab("2fa", "Two-factor authentication", "/settings/security/2fa"),
    SecurityTab("passkeys", "Passkeys", "/settings/security/passkeys"),
    SecurityTab("api", "Connections & API", API_KEYS_PATH),
)

_PERMISSION_ORDER = {p.field: index for index, p in enumerate(PERMISSIONS)}
_PERMISSION_LABELS = {p.field: p.label for p in PERMISSIONS}


def _permission_labels(key: ApiKey) -> list[str]:
    fields = sorted(key.spec.permissions, key=lambda f: _PERMISSION_ORDER.get(f, len(PERMISSIONS)))
    return [_PERMISSION_LABELS.get(f, f) for f in fields]


def _keys_by_creation(account: Account) -> list[dict[str, Any]]:
    keys = sorted(account.keys.values(), key=lambda key: (key.created, key.name))
    return [{"key": key, "permission_labels": _permission_labels(key)} for key in keys]


def _render_tab(
    request: Request,
    account: Account,
    slug: str,
    extra: dict[str, Any] | None = None,
    *,
    no_store: bool = False,
) -> Response:
    context: dict[str, Any] = {
        "account": account,
        "section": "settings",
        "tabs": SECURITY_TABS,
        "selected_tab": slug,
        "key_count": len(account.keys),
        **(extra or {}),
    }
    return render(request, f"security_{slug}.html", context, no_store=no_store)


@signed_in
async def overview_tab(request: Request, account: Account) -> Response:
    return _render_tab(request, account, "overview")


@signed_in
async def two_factor_tab(request: Request, account: Account) -> Response:
    return _render_tab(request, account, "2fa")


@signed_in
async def passkeys_tab(request: Request, account: Account) -> Response:
    return _render_tab(request, account, "passkeys")


def render_api_tab(
    request: Request, account: Account, extra: dict[str, Any] | None = None, *, no_store: bool
) -> Response:
    """The key list; the new-key page renders it too, under its one-time dialog."""
    rows = {"keys": _keys_by_creation(account), **(extra or {})}
    return _render_tab(request, account, "api", rows, no_store=no_store)


@signed_in
async def api_tab(request: Request, account: Account) -> Response:
    return render_api_tab(request, account, no_store=False)


@signed_in
async def revoke(request: Request, account: Account) -> Response:
    form = await read_form(request)
    name = form.get("name")
    if isinstance(name, str) and name in account.keys:
        kraken_state(request).revoke_key(account.email, name)
        set_flash(request, Flash("success", f"API key “{name}” was revoked."))
    else:
        shown = name if isinstance(name, str) else ""
        set_flash(request, Flash("error", f"There is no API key named “{shown}”."))
    return RedirectResponse(API_KEYS_PATH, status_code=303)
