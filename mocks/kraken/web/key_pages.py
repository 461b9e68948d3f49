"""Creating a key (guide step 7) and showing its private key once (guide step 8)."""

from __future__ import annotations

from itertools import groupby

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from mocks.kraken.keys import NAME_MAX_LENGTH, KeySpecError
from mocks.kraken.state import Account
from mocks.kraken.web.guards import read_form, signed_in
from mocks.kraken.web.key_form import KeyFormValues, build_key_spec
from mocks.kraken.web.secret_stash import NewKeyReveal, stash_of
from mocks.kraken.web.security_pages import API_KEYS_PATH, render_api_tab
from mocks.kraken.web.session import kraken_state
from mocks.kraken.web.templating import render
from mocks.kraken_facts.permissions import PERMISSIONS, Permission

__all__ = ["NEW_KEY_PATH", "SHOW_KEY_PATH", "show_form", "show_new_key", "submit_form"]

NEW_KEY_PATH = "/settings/security/api/new"
SHOW_KEY_PATH = "/settings/security/api/created"

_REVEAL_SESSION_ENTRY = "new_key_reveal"  # holds the stash token, never the secret

PERMISSION_GROUPS: tuple[tuple[str, tuple[Permission, ...]], ...] = tuple(
    (group, tuple(members)) for group, members in groupby(PERMISSIONS, key=lambda p: p.group)
)


def _form_page(
    request: Request,
    account: Account,
    values: KeyFormValues,
    errors: dict[str, str],
    status_code: int,
) -> Response:
    context = {
        "account": account,
        "section": "settings",
        "values": values,
        "errors": errors,
        "permission_groups": PERMISSION_GROUPS,
        "name_max_length": NAME_MAX_LENGTH,
    }
    return render(request, "key_form.html", context, status_code=status_code)


@signed_in
async def show_form(request: Request, account: Account) -> Response:
    return _form_page(request, account, KeyFormValues(), {}, 200)


@signed_in
async def submit_form(request: Request, account: Account) -> Response:
    values = KeyFormValues.from_form(await read_form(request))
    state = kraken_state(request)
    try:
        spec = build_key_spec(values, existing_names=set(account.keys), now=state.clock.now())
        key = state.create_key(account.email, spec)
    except KeySpecError as exc:
        return _form_page(request, account, values, exc.errors, 400)
    token = stash_of(request).put(
        NewKeyReveal(
            owner_email=account.email,
            key_name=key.name,
            public_key=key.public,
            private_key=key.secret,
        )
    )
    request.session[_REVEAL_SESSION_ENTRY] = token
    return RedirectResponse(SHOW_KEY_PATH, status_code=303)


@signed_in
async def show_new_key(request: Request, account: Account) -> Response:
    token = request.session.pop(_REVEAL_SESSION_ENTRY, None)
    reveal = (
        stash_of(request).pop(token, owner_email=account.email) if isinstance(token, str) else None
    )
    if reveal is None or reveal.key_name not in account.keys:
        # Shown already (a reload, the back button) or the key is gone: the list is all
        # there is to see now.
        return RedirectResponse(API_KEYS_PATH, status_code=303)
    return render_api_tab(request, account, {"reveal": reveal}, no_store=True)
