from __future__ import annotations

from mocks.kraken.harness import KrakenHarness

EMAIL = "ann@example.test"


def test_api_key_info_describes_the_key_without_its_secret(rest_mock: KrakenHarness) -> None:
    rest_mock.user(EMAIL)
    now = int(rest_mock.clock.now())
    key = rest_mock.key(
        EMAIL,
        "Altrady 1",
        {"funds_query", "websocket"},
        ip_allowlist=["127.0.0.1"],
        nonce_window=5000,
        valid_until=now + 3600,
        query_from=now - 100,
    )
    client = rest_mock.client(key)
    answer = client.private("GetApiKeyInfo", nonce=4242)
    assert answer == {
        "error": [],
        "result": {
            "apiKeyName": "Altrady 1",
            "apiKey": key.public,
            "nonce": "4242",
            "nonceWindow": 5000,
            "permissions": ["funds_query", "websocket"],
            "validUntil": str(now + 3600),
            "queryFrom": str(now - 100),
            "queryTo": "0",
            "createdTime": str(now),
            "modifiedTime": str(now),
            "ipAllowlist": ["127.0.0.1"],
            "lastUsed": str(now),
        },
    }
    assert key.secret not in str(answer)


def test_websockets_token(rest_mock: KrakenHarness) -> None:
    rest_mock.user(EMAIL)
    client = rest_mock.client(rest_mock.key(EMAIL, "ws", {"websocket"}))
    first = client.private("GetWebSocketsToken")["result"]
    second = client.private("GetWebSocketsToken")["result"]
    assert first["expires"] == 900
    assert len(first["token"]) >= 30
    assert first["token"] != second["token"]
