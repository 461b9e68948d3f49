"""Creating, showing once and revoking API keys, over HTTP (Starlette's TestClient)."""

from __future__ import annotations

import base64
import html as html_lib
import re
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from mocks.clock import Clock
from mocks.kraken.app import create_app
from mocks.kraken.state import ApiKey
from mocks.kraken_facts.permissions import PERMISSIONS

EMAIL = "ana.trader@example.com"
PASSWORD = "correct horse battery staple"
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
NEW_KEY = "/settings/security/api/new"
SHOWN_ONCE = "/settings/security/api/created"
KEY_LIST = "/settings/security/api"
CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]+)"')
GUIDE_PERMISSIONS = [
    "funds_query",
    "trades_query_open",
    "trades_query_closed",
    "trades_modify",
    "trades_close",
    "ledger_query",
    "websocket",
]


def csrf_from(html: str) -> str:
    found = CSRF_INPUT.search(html)
    assert found, "the page has no CSRF token"
    return found.group(1)


@pytest.fixture
def web_app() -> Starlette:
    app = create_app(clock=Clock.frozen_at(NOW.timestamp()))
    app.state.kraken.create_user(EMAIL, PASSWORD)
    return app


@pytest.fixture
def client(web_app: Starlette) -> Iterator[TestClient]:
    with TestClient(web_app, follow_redirects=False) as signed_in:
        token = csrf_from(signed_in.get("/login").text)
        signed_in.post("/login", data={"email": EMAIL, "password": PASSWORD, "csrf_token": token})
        yield signed_in


def stored_keys(app: Starlette) -> dict[str, ApiKey]:
    keys: dict[str, ApiKey] = app.state.kraken.account(EMAIL).keys
    return keys


def submit(client: TestClient, fields: dict[str, str | list[str]]) -> tuple[int, str, str]:
    """Post the create form; returns status, location (if any) and body."""
    token = csrf_from(client.get(NEW_KEY).text)
    response = client.post(NEW_KEY, data={"csrf_token": token, **fields})
    return response.status_code, response.headers.get("location", ""), response.text


def guide_key(name: str = "Altrady 1") -> dict[str, str | list[str]]:
    return {
        "name": name,
        "permissions": GUIDE_PERMISSIONS,
        "ip_restriction": "on",
        "ip_allowlist": "127.0.0.2, 127.0.0.3\n127.0.0.4",
        "nonce_window_enabled": "on",
        "nonce_window": "5000",
    }


# the form


def test_form_has_every_control_the_guide_names(client: TestClient) -> None:
    html = client.get(NEW_KEY).text
    assert "<h1>Create API key</h1>" in html
    assert '<label for="name">Name</label>' in html
    for group in ["Funds", "Orders &amp; Trades", "Data", "WebSocket"]:
        assert f"<legend>{group}</legend>" in html
    for permission in PERMISSIONS:
        label = html_lib.escape(permission.label, quote=False)
        assert f'<label for="perm-{permission.field}">{label}</label>' in html
    websocket_fieldset = html.split("<legend>WebSocket</legend>")[1].split("</fieldset>")[0]
    assert "WebSocket interface" in websocket_fieldset
    for toggle, label in [
        ("ip_restriction", "IP address restriction"),
        ("nonce_window_enabled", "Custom Nonce Window"),
        ("expiration_enabled", "Key expiration"),
    ]:
        assert f'<label for="{toggle}">{label}</label>' in html
    assert '<label for="ip_allowlist">Allowed IP addresses</label>' in html
    assert '<label for="nonce_window">Nonce window</label>' in html
    assert 'id="nonce_window" name="nonce_window" type="number"' in html
    assert '<label for="valid_until">Expiration date/time</label>' in html
    assert '<label for="query_from">Query start date/time</label>' in html
    assert '<label for="query_to">Query end date/time</label>' in html
    assert html.count('type="datetime-local"') == 3
    assert "All dates and times are in UTC." in html
    assert ">Generate Key</button>" in html


def test_revealed_fields_start_hidden(client: TestClient) -> None:
    html = client.get(NEW_KEY).text
    for container in ["ip-allowlist-field", "nonce-window-field", "valid-until-field"]:
        assert re.search(rf'id="{container}"\s+hidden>', html), container


# validation


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"name": ""}, "name", "Enter a name for the key."),
        ({"name": "x" * 33}, "name", "The name can be at most 32 characters."),
        (
            {"name": "k", "ip_restriction": "on", "ip_allowlist": "127.0.0.2, 300.1.1.1"},
            "ip_allowlist",
            "300.1.1.1 is not a valid IP address or range.",
        ),
        (
            {"name": "k", "ip_restriction": "on", "ip_allowlist": ""},
            "ip_allowlist",
            "Enter at least one IP address or range.",
        ),
        (
            {"name": "k", "nonce_window_enabled": "on", "nonce_window": "-1"},
            "nonce_window",
            "The nonce window cannot be negative.",
        ),
        (
            {"name": "k", "nonce_window_enabled": "on", "nonce_window": "abc"},
            "nonce_window",
            "The nonce window must be a whole number.",
        ),
        (
            {"name": "k", "query_from": "2026-06-01T00:00", "query_to": "2026-05-01T00:00"},
            "query_to",
            "The end date must be after the start date.",
        ),
        (
            {"name": "k", "expiration_enabled": "on", "valid_until": "2026-11-25T11:00"},
            "valid_until",
            "The expiration date must be in the future.",
        ),
        (
            {"name": "k", "permissions": ["withdraw_everything"]},
            "permissions",
            "Unknown permission: withdraw_everything.",
        ),
    ],
)
def test_bad_input_is_refused_beside_its_field(
    client: TestClient,
    web_app: Starlette,
    fields: dict[str, str | list[str]],
    field: str,
    message: str,
) -> None:
    status, _, html = submit(client, fields)
    assert status == 400
    assert f'<p class="field__error" id="{field}-error">{message}</p>' in html
    assert 'role="alert"' in html
    if field != "permissions":
        control = re.search(rf'<(?:input|textarea) id="{field}"[^>]*>', html)
        assert control, field
        assert 'aria-invalid="true"' in control.group(0)
        described_by = re.search(r'aria-describedby="([^"]+)"', control.group(0))
        assert described_by
        assert f"{field}-error" in described_by.group(1).split()
    assert stored_keys(web_app) == {}


def test_a_duplicate_name_is_refused(client: TestClient, web_app: Starlette) -> None:
    assert submit(client, guide_key())[0] == 303
    status, _, html = submit(client, guide_key())
    assert status == 400
    assert "A key with this name already exists." in html
    assert len(stored_keys(web_app)) == 1


def test_a_refused_form_keeps_what_was_typed(client: TestClient) -> None:
    fields = guide_key("")
    fields |= {"expiration_enabled": "on", "valid_until": "2027-01-01T00:00"}
    fields |= {"query_from": "2026-01-01T00:00"}
    _, _, html = submit(client, fields)
    assert re.search(r'id="ip_restriction"[^>]*checked', html, re.S)
    assert "127.0.0.2, 127.0.0.3\n127.0.0.4</textarea>" in html
    assert 'value="5000"' in html
    assert 'value="2027-01-01T00:00"' in html
    assert 'value="2026-01-01T00:00"' in html
    for field in GUIDE_PERMISSIONS:
        assert re.search(rf'value="{field}"\s+checked>', html), field
    assert not re.search(r'value="funds_withdraw"\s+checked>', html)
    # a ticked option's field stays revealed
    assert not re.search(r'id="ip-allowlist-field"\s+hidden>', html)
    assert not re.search(r'id="valid-until-field"\s+hidden>', html)


def test_a_post_without_csrf_token_creates_nothing(client: TestClient, web_app: Starlette) -> None:
    response = client.post(NEW_KEY, data=guide_key())
    assert response.status_code == 403
    assert stored_keys(web_app) == {}


# generating and the one-time secret


def test_generating_stores_exactly_the_settings_chosen(
    client: TestClient, web_app: Starlette
) -> None:
    fields = guide_key()
    fields |= {"expiration_enabled": "on", "valid_until": "2027-01-01T00:00"}
    fields |= {"query_from": "2026-01-01T00:00", "query_to": "2026-12-31T23:59"}
    status, location, _ = submit(client, fields)
    assert (status, location) == (303, SHOWN_ONCE)
    key = stored_keys(web_app)["Altrady 1"]
    assert key.spec.permissions == frozenset(GUIDE_PERMISSIONS)
    assert key.spec.ip_allowlist == ("127.0.0.2", "127.0.0.3", "127.0.0.4")
    assert key.spec.nonce_window == 5000
    assert key.spec.valid_until == int(datetime(2027, 1, 1, tzinfo=UTC).timestamp())
    assert key.spec.query_from == int(datetime(2026, 1, 1, tzinfo=UTC).timestamp())
    assert key.spec.query_to == int(datetime(2026, 12, 31, 23, 59, tzinfo=UTC).timestamp())


def test_the_private_key_is_shown_exactly_once(client: TestClient, web_app: Starlette) -> None:
    _, location, _ = submit(client, guide_key())
    key = stored_keys(web_app)["Altrady 1"]
    assert key.secret not in location

    shown = client.get(SHOWN_ONCE)
    assert shown.status_code == 200
    assert shown.headers["cache-control"] == "no-store"
    assert 'aria-labelledby="new-key-title"' in shown.text
    assert ">Your new API key</h2>" in shown.text
    assert '<label for="new-api-key">API key</label>' in shown.text
    assert '<label for="new-private-key">Private key</label>' in shown.text
    assert re.search(
        rf"<textarea id=\"new-api-key\"[^>]*readonly[^>]*>{re.escape(key.public)}<", shown.text
    )
    assert re.search(
        rf"<textarea id=\"new-private-key\"[^>]*readonly[^>]*>{re.escape(key.secret)}<", shown.text
    )
    for button in ["Copy API key", "Copy Private key", "Close"]:
        assert f">{button}</button>" in shown.text
    assert "Your private key is shown only once." in shown.text

    again = client.get(SHOWN_ONCE)
    assert (again.status_code, again.headers["location"]) == (303, KEY_LIST)
    listing = client.get(KEY_LIST).text
    assert key.secret not in listing
    assert key.public not in listing
    assert f"{key.public[:6]}…" in listing


def session_contents(client: TestClient) -> str:
    """The session cookie's payload: Starlette signs it but does not encrypt it."""
    payload = client.cookies["kraken_session"].split(".")[0]
    return base64.b64decode(payload + "=" * (-len(payload) % 4)).decode()


def test_the_secret_never_reaches_the_session_cookie(
    client: TestClient, web_app: Starlette
) -> None:
    submit(client, guide_key())
    key = stored_keys(web_app)["Altrady 1"]
    assert "new_key_reveal" in session_contents(client)  # the stash token is there ...
    assert key.secret not in session_contents(client)  # ... the secret is not
    client.get(SHOWN_ONCE)
    assert "new_key_reveal" not in session_contents(client)


def test_another_session_cannot_see_the_secret(web_app: Starlette, client: TestClient) -> None:
    submit(client, guide_key())
    with TestClient(web_app, follow_redirects=False) as other:
        token = csrf_from(other.get("/login").text)
        other.post("/login", data={"email": EMAIL, "password": PASSWORD, "csrf_token": token})
        assert other.get(SHOWN_ONCE).headers["location"] == KEY_LIST
    assert client.get(SHOWN_ONCE).status_code == 200


def test_the_list_shows_the_key_after_generating(client: TestClient, web_app: Starlette) -> None:
    fields = guide_key() | {"expiration_enabled": "on", "valid_until": "2027-01-01T00:00"}
    submit(client, fields)
    html = client.get(KEY_LIST).text
    assert 'aria-labelledby="api-keys-heading"' in html
    assert ">API keys</h2>" in html
    headers = re.findall(r'<th scope="col">([^<]+)</th>', html)
    assert headers == ["Name", "API key", "Permissions", "Created", "Expires"]
    row = html.split("<tbody>")[1]
    assert "Altrady 1" in row
    assert "Query Funds" in row
    assert "WebSocket interface" in row
    assert "Withdraw Funds" not in row
    assert "2026-11-25 12:00 UTC" in row
    assert "2027-01-01 00:00 UTC" in row
    assert 'aria-label="Revoke Altrady 1"' in row
    assert "You have no API keys yet." not in html


def test_a_hostile_key_name_renders_as_text(client: TestClient) -> None:
    name = "<img src=x onerror=alert(1)>"
    submit(client, {"name": name, "permissions": ["funds_query"]})
    for page in (client.get(SHOWN_ONCE).text, client.get(KEY_LIST).text):
        assert name not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in client.get(KEY_LIST).text


# revoking


def test_revoke_removes_the_key_and_says_so(client: TestClient, web_app: Starlette) -> None:
    submit(client, guide_key("Altrady 1"))
    submit(client, guide_key("Altrady 2"))
    html = client.get(KEY_LIST).text
    assert 'id="revoke-dialog"' in html
    assert ">Revoke API key?</h2>" in html
    assert ">Revoke key</button>" in html
    assert ">Cancel</button>" in html
    response = client.post(
        "/settings/security/api/revoke", data={"name": "Altrady 1", "csrf_token": csrf_from(html)}
    )
    assert (response.status_code, response.headers["location"]) == (303, KEY_LIST)
    assert set(stored_keys(web_app)) == {"Altrady 2"}
    after = client.get(KEY_LIST).text
    assert "API key “Altrady 1” was revoked." in after
    assert 'aria-label="Revoke Altrady 1"' not in after
    assert "API key “Altrady 1” was revoked." not in client.get(KEY_LIST).text  # once


def test_revoking_an_unknown_key_says_so(client: TestClient) -> None:
    token = csrf_from(client.get(KEY_LIST).text)
    client.post("/settings/security/api/revoke", data={"name": "ghost", "csrf_token": token})
    html = client.get(KEY_LIST).text
    assert re.search(r'role="alert">There is no API key named “ghost”\.<', html)


def test_revoke_needs_the_csrf_token(client: TestClient, web_app: Starlette) -> None:
    submit(client, guide_key())
    response = client.post("/settings/security/api/revoke", data={"name": "Altrady 1"})
    assert response.status_code == 403
    assert "Altrady 1" in stored_keys(web_app)


def test_a_secret_whose_key_was_revoked_is_not_shown(
    client: TestClient, web_app: Starlette
) -> None:
    submit(client, guide_key())
    web_app.state.kraken.revoke_key(EMAIL, "Altrady 1")
    assert client.get(SHOWN_ONCE).headers["location"] == KEY_LIST


def test_odd_request_bodies_get_a_clear_answer(client: TestClient, web_app: Starlette) -> None:
    token = csrf_from(client.get(NEW_KEY).text)
    as_json = client.post(NEW_KEY, json={"name": "k", "csrf_token": token})
    assert as_json.status_code == 403  # not a form: no token was sent
    with_file = client.post(
        NEW_KEY, data={"csrf_token": token}, files={"name": ("name.txt", b"Altrady 1")}
    )
    assert with_file.status_code == 400
    assert "Enter a name for the key." in with_file.text
    broken = client.post(
        NEW_KEY,
        content=b"--x\r\nContent-Disposition: form-data\r\n\r\n",
        headers={"content-type": "multipart/form-data; boundary=x"},
    )
    assert broken.status_code in (400, 403)
    assert stored_keys(web_app) == {}
