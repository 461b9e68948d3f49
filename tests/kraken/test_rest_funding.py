"""Kraken's Funding methods on the served mock: permissions, shapes, balances, ledgers, errors.

Expected values come from Kraken's Funding pages and OpenAPI spec (string amounts, integer
times, ``expiretm`` a string, ``WithdrawCancel`` a boolean), not from the mock's tables.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import httpx
import pytest

from mocks.kraken.events import LedgerEvent
from mocks.kraken.harness import KrakenHarness
from mocks.kraken.state import ApiKey
from mocks.kraken_facts.client import KrakenRestClient
from mocks.tls import shared_tls_context
from tests.kraken.conftest import T0

EMAIL = "fund@example.test"
GUIDE = {"funds_query", "trades_query_open", "trades_query_closed", "trades_modify",
         "trades_close", "ledger_query", "websocket"}  # fmt: skip
WITHDRAWER = GUIDE | {"funds_withdraw"}
DEPOSITOR = {"funds_query", "funds_add"}
ADDRESS = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"


@pytest.fixture
def kraken(rest_mock: KrakenHarness) -> KrakenHarness:
    rest_mock.user(EMAIL, balances={"XXBT": "1.0000000000", "ZUSD": "1000.0000"})
    return rest_mock


def _withdraw_key(kraken: KrakenHarness, name: str = "cold") -> None:
    response = httpx.post(
        f"{kraken.url}/_mock/withdrawal-keys",
        json={"email": EMAIL, "asset": "XBT", "key": name, "address": ADDRESS},
        verify=shared_tls_context(),
    )
    assert response.status_code == 201, response.text


def _client(kraken: KrakenHarness, permissions: set[str], name: str = "k") -> KrakenRestClient:
    key: ApiKey = kraken.key(EMAIL, name, permissions)
    return kraken.client(key)


def _ok(answer: dict[str, Any]) -> Any:
    assert answer["error"] == [], answer
    return answer["result"]


def _error(answer: dict[str, Any]) -> str:
    assert "result" not in answer, answer
    [error] = answer["error"]
    return str(error)


# permissions, as each method's page says


@pytest.mark.parametrize(
    ("method", "params", "needs"),
    [
        ("DepositMethods", {"asset": "XBT"}, {"funds_query", "funds_add"}),
        ("DepositAddresses", {"asset": "XBT", "method": "Bitcoin"}, {"funds_query"}),
        ("DepositStatus", {}, {"funds_query"}),
        ("WithdrawMethods", {}, {"funds_query", "funds_withdraw"}),
        ("WithdrawAddresses", {}, {"funds_query", "funds_withdraw"}),
        ("WithdrawInfo", {"asset": "XBT", "key": "cold", "amount": "0.1"},
         {"funds_query", "funds_withdraw"}),
        ("Withdraw", {"asset": "XBT", "key": "cold", "amount": "0.1"}, {"funds_withdraw"}),
        ("WithdrawCancel", {"asset": "XBT", "refid": "FAAAAAA-AAAA"}, {"funds_withdraw"}),
    ],
)  # fmt: skip
def test_each_method_needs_the_permissions_kraken_documents(
    kraken: KrakenHarness, method: str, params: dict[str, str], needs: set[str]
) -> None:
    _withdraw_key(kraken)
    for missing in needs:
        lacking = _client(kraken, (needs - {missing}) | {"export_data"}, f"no {missing}")
        assert _error(lacking.private(method, params)) == "EGeneral:Permission denied"
    granted = _client(kraken, needs, "all")
    assert "EGeneral:Permission denied" not in granted.private(method, params)["error"]


def test_withdraw_status_takes_withdraw_or_query_ledger(kraken: KrakenHarness) -> None:
    assert _ok(_client(kraken, {"ledger_query"}, "a").private("WithdrawStatus")) == []
    assert _ok(_client(kraken, {"funds_withdraw"}, "b").private("WithdrawStatus")) == []
    denied = _client(kraken, {"funds_query"}, "c").private("WithdrawStatus")
    assert _error(denied) == "EGeneral:Permission denied"


def test_a_key_made_as_the_guide_says_cannot_withdraw(kraken: KrakenHarness) -> None:
    _withdraw_key(kraken)
    guide_key = _client(kraken, GUIDE)
    params = {"asset": "XBT", "key": "cold", "amount": "0.5"}
    assert _error(guide_key.private("Withdraw", params)) == "EGeneral:Permission denied"
    assert _ok(guide_key.private("Balance"))["XXBT"] == "1.0000000000"


# deposits


def test_deposit_methods_and_addresses_have_krakens_shapes(kraken: KrakenHarness) -> None:
    client = _client(kraken, DEPOSITOR)
    methods = _ok(client.private("DepositMethods", {"asset": "XBT"}))
    bitcoin = next(m for m in methods if m["method"] == "Bitcoin")
    assert bitcoin["gen-address"] is True
    assert bitcoin["limit"] is False
    assert isinstance(bitcoin["minimum"], str)
    assert isinstance(bitcoin["fee"], str)

    [first] = _ok(client.private("DepositAddresses", {"asset": "XBT", "method": "Bitcoin"}))
    assert first["expiretm"] == "0"
    assert first["new"] is True
    again = _ok(client.private("DepositAddresses", {"asset": "XXBT", "method": "Bitcoin"}))
    assert again == [first]  # the same address until a new one is asked for
    fresh = _ok(
        client.private("DepositAddresses", {"asset": "XBT", "method": "Bitcoin", "new": "true"})
    )
    assert len(fresh) == 2
    assert fresh[1] == first
    assert fresh[0]["address"] != first["address"]


def test_deposit_addresses_refuse_an_unknown_method_or_asset(kraken: KrakenHarness) -> None:
    client = _client(kraken, DEPOSITOR)
    answer = client.private("DepositAddresses", {"asset": "XBT", "method": "Carrier pigeon"})
    assert _error(answer) == "EFunding:No funding method"
    unknown = client.private("DepositMethods", {"asset": "DOGE"})
    assert _error(unknown) == "EFunding:Unknown asset"
    assert _error(client.private("DepositMethods")) == "EGeneral:Invalid arguments:asset"
    missing = client.private("DepositAddresses", {"asset": "XBT"})
    assert _error(missing) == "EGeneral:Invalid arguments:method"


def test_a_method_hands_out_a_bounded_number_of_addresses(kraken: KrakenHarness) -> None:
    client = _client(kraken, DEPOSITOR)
    params = {"asset": "ETH", "method": "Ether (Hex)", "new": "true"}
    answers = [client.private("DepositAddresses", params) for _ in range(6)]
    assert [a["error"] for a in answers[:5]] == [[]] * 5
    assert _error(answers[5]) == "EFunding:Too many addresses"


def test_a_deposit_credits_the_account_and_shows_in_deposit_status(
    kraken: KrakenHarness,
) -> None:
    client = _client(kraken, DEPOSITOR | {"ledger_query"})
    [address] = _ok(client.private("DepositAddresses", {"asset": "XBT", "method": "Bitcoin"}))
    made = httpx.post(
        f"{kraken.url}/_mock/deposits",
        json={"email": EMAIL, "asset": "XBT", "amount": "0.25"},
        verify=shared_tls_context(),
    )
    assert made.status_code == 201, made.text
    [deposit] = _ok(client.private("DepositStatus", {"asset": "XBT"}))
    assert deposit["status"] == "Success"
    assert deposit["amount"] == "0.2500000000"
    assert deposit["info"] == address["address"]
    assert deposit["time"] == int(T0)
    assert _ok(client.private("Balance"))["XXBT"] == "1.2500000000"
    [entry] = _ok(client.private("Ledgers", {"type": "deposit"}))["ledger"].values()
    assert (entry["amount"], entry["refid"]) == ("0.2500000000", deposit["refid"])
    [used] = _ok(client.private("DepositAddresses", {"asset": "XBT", "method": "Bitcoin"}))
    assert used["new"] is False
    assert _ok(client.private("DepositStatus", {"asset": "ETH"})) == []
    paged = _ok(client.private("DepositStatus", {"cursor": "true"}))
    assert paged == {"deposit": [deposit], "next_cursor": None}


@pytest.mark.parametrize(
    ("asset", "amount", "message"),
    [
        ("USD", "10.00001", "amount: USD takes at most 4 decimals"),
        ("XBT", "0.00000000001", "amount: XBT takes at most 10 decimals"),
        ("XBT", "1e-11", "amount: XBT takes at most 10 decimals"),
        ("XBT", "abc", "amount: Input should be a valid decimal"),
    ],
)
def test_the_control_api_refuses_a_deposit_finer_than_its_asset(
    kraken: KrakenHarness, asset: str, amount: str, message: str
) -> None:
    made = httpx.post(
        f"{kraken.url}/_mock/deposits",
        json={"email": EMAIL, "asset": asset, "amount": amount},
        verify=shared_tls_context(),
    )
    assert (made.status_code, made.json()) == (422, {"error": message})
    assert kraken.state.account(EMAIL).funding.deposits == []


def test_a_deposit_may_write_trailing_zeros_past_its_assets_decimals(
    kraken: KrakenHarness,
) -> None:
    made = httpx.post(
        f"{kraken.url}/_mock/deposits",
        json={"email": EMAIL, "asset": "USD", "amount": "10.250000"},
        verify=shared_tls_context(),
    )
    assert made.status_code == 201, made.text
    assert kraken.state.account(EMAIL).balances["ZUSD"] == Decimal("1010.25")


# withdrawals


def test_withdraw_methods_addresses_and_info(kraken: KrakenHarness) -> None:
    _withdraw_key(kraken)
    client = _client(kraken, WITHDRAWER)
    methods = _ok(client.private("WithdrawMethods", {"asset": "XBT"}))
    assert [(m["asset"], m["method"], m["network"]) for m in methods] == [
        ("XXBT", "Bitcoin", "Bitcoin")
    ]
    [saved] = _ok(client.private("WithdrawAddresses", {"asset": "XBT"}))
    assert saved == {"address": ADDRESS, "asset": "XXBT", "method": "Bitcoin", "key": "cold",
                     "verified": True}  # fmt: skip
    assert _ok(client.private("WithdrawAddresses", {"key": "other"})) == []
    info = _ok(client.private("WithdrawInfo", {"asset": "XBT", "key": "cold", "amount": "0.5"}))
    assert info["method"] == "Bitcoin"
    assert info["limit"] == "1.0000000000"
    fee = float(info["fee"])
    assert float(info["amount"]) == pytest.approx(0.5 - fee)


def test_a_withdrawal_moves_the_balance_and_leaves_a_ledger_entry(kraken: KrakenHarness) -> None:
    _withdraw_key(kraken)
    client = _client(kraken, WITHDRAWER)
    params = {"asset": "XBT", "key": "cold", "amount": "0.5", "address": ADDRESS}
    refid = _ok(client.private("Withdraw", params))["refid"]
    assert _ok(client.private("Balance"))["XXBT"] == "0.5000000000"
    [status] = _ok(client.private("WithdrawStatus", {"asset": "XBT"}))
    assert (status["refid"], status["status"], status["key"]) == (refid, "Pending", "cold")
    assert status["info"] == ADDRESS
    assert isinstance(status["time"], int)
    net, fee = float(status["amount"]), float(status["fee"])
    assert net + fee == pytest.approx(0.5)
    [entry] = _ok(client.private("Ledgers", {"type": "withdrawal"}))["ledger"].values()
    assert entry["refid"] == refid
    assert float(entry["amount"]) == pytest.approx(-net)
    assert float(entry["fee"]) == pytest.approx(fee)
    assert entry["balance"] == "0.5000000000"


def test_cancelling_a_withdrawal_gives_the_funds_back_once(kraken: KrakenHarness) -> None:
    _withdraw_key(kraken)
    client = _client(kraken, WITHDRAWER)
    refid = _ok(client.private("Withdraw", {"asset": "XBT", "key": "cold", "amount": "0.5"}))[
        "refid"
    ]
    assert _ok(client.private("WithdrawCancel", {"asset": "XBT", "refid": refid})) is True
    assert _ok(client.private("WithdrawCancel", {"asset": "XBT", "refid": refid})) is False
    assert _ok(client.private("Balance"))["XXBT"] == "1.0000000000"
    [status] = _ok(client.private("WithdrawStatus"))
    assert (status["status"], status["status-prop"]) == ("Failure", "canceled")
    unknown = client.private("WithdrawCancel", {"asset": "XBT", "refid": "FNOPE-NOPE"})
    assert _error(unknown) == "EFunding:Unknown reference id"


@pytest.mark.parametrize(
    ("params", "error"),
    [
        ({"asset": "XBT", "key": "hot", "amount": "0.5"}, "EFunding:Unknown withdraw key"),
        ({"asset": "ETH", "key": "cold", "amount": "0.5"}, "EFunding:Unknown withdraw key"),
        ({"asset": "DOGE", "key": "cold", "amount": "0.5"}, "EFunding:Unknown asset"),
        ({"asset": "XBT", "key": "cold", "amount": "2"}, "EFunding:Invalid amount"),
        ({"asset": "XBT", "key": "cold", "amount": "-1"}, "EFunding:Invalid amount"),
        ({"asset": "XBT", "key": "cold", "amount": "lots"}, "EFunding:Invalid amount"),
        ({"asset": "XBT", "key": "cold", "amount": "0.00000000001"}, "EFunding:Invalid amount"),
        ({"asset": "XBT", "key": "cold", "amount": "0.0001"}, "EFunding:Invalid amount"),
        ({"asset": "XBT", "key": "cold"}, "EGeneral:Invalid arguments:amount"),
        ({"asset": "XBT", "amount": "0.5"}, "EGeneral:Invalid arguments:key"),
        ({"key": "cold", "amount": "0.5"}, "EGeneral:Invalid arguments:asset"),
        ({"asset": "XBT", "key": "cold", "amount": "0.5", "address": "bc1qother"},
         "EFunding:Invalid withdrawal address"),
        ({"asset": "XBT", "key": "cold", "amount": "0.5", "max_fee": "0"},
         "EFunding:Max fee exceeded"),
        ({"asset": "XBT", "key": "cold", "amount": "0.5", "aclass": "forex"},
         "EGeneral:Invalid arguments:aclass"),
    ],
)  # fmt: skip
def test_a_refused_withdrawal_moves_nothing(
    kraken: KrakenHarness, params: dict[str, str], error: str
) -> None:
    _withdraw_key(kraken)
    client = _client(kraken, WITHDRAWER)
    assert _error(client.private("Withdraw", params)) == error
    assert _ok(client.private("Balance"))["XXBT"] == "1.0000000000"
    assert _ok(client.private("WithdrawStatus")) == []


def test_funds_held_by_open_orders_cannot_be_withdrawn(kraken: KrakenHarness) -> None:
    _withdraw_key(kraken)
    client = _client(kraken, WITHDRAWER)
    order = {"pair": "XBTUSD", "type": "sell", "ordertype": "limit", "price": "900000",
             "volume": "0.8"}  # fmt: skip
    _ok(client.private("AddOrder", order))
    too_much = client.private("Withdraw", {"asset": "XBT", "key": "cold", "amount": "0.5"})
    assert _error(too_much) == "EFunding:Invalid amount"
    assert _ok(client.private("Withdraw", {"asset": "XBT", "key": "cold", "amount": "0.2"}))


def test_status_lists_page_with_a_cursor_and_filter_by_time(kraken: KrakenHarness) -> None:
    _withdraw_key(kraken)
    client = _client(kraken, WITHDRAWER)
    refids = []
    for _ in range(3):
        refids.append(
            _ok(client.private("Withdraw", {"asset": "XBT", "key": "cold", "amount": "0.1"}))[
                "refid"
            ]
        )
        kraken.clock.advance(10)
    first = _ok(client.private("WithdrawStatus", {"cursor": "true", "limit": "2"}))
    assert [w["refid"] for w in first["withdrawal"]] == refids[:0:-1]
    rest = _ok(client.private("WithdrawStatus", {"cursor": first["next_cursor"], "limit": "2"}))
    assert [w["refid"] for w in rest["withdrawal"]] == refids[:1]
    assert rest["next_cursor"] is None
    window = {"start": str(int(T0) + 5), "end": str(int(T0) + 15)}
    assert [w["refid"] for w in _ok(client.private("WithdrawStatus", window))] == refids[1:2]
    assert _error(client.private("WithdrawStatus", {"cursor": "x"})) == (
        "EGeneral:Invalid arguments:cursor"
    )


def test_the_control_api_refuses_bad_withdrawal_keys(kraken: KrakenHarness) -> None:
    url = f"{kraken.url}/_mock/withdrawal-keys"
    assert httpx.post(url, content=b"{", verify=shared_tls_context()).status_code == 400
    unknown_asset = httpx.post(
        url,
        json={"email": EMAIL, "asset": "DOGE", "key": "k", "address": "a"},
        verify=shared_tls_context(),
    )
    assert unknown_asset.status_code == 422
    assert "DOGE" in unknown_asset.json()["error"]
    nobody = httpx.post(
        url,
        json={"email": "no@example.test", "asset": "XBT", "key": "k", "address": "a"},
        verify=shared_tls_context(),
    )
    assert nobody.status_code == 404
    _withdraw_key(kraken)
    listed = httpx.get(url, params={"email": EMAIL}, verify=shared_tls_context()).json()["keys"]
    assert [k["key"] for k in listed] == ["cold"]


def test_a_withdrawal_publishes_its_ledger_entry(kraken: KrakenHarness) -> None:
    _withdraw_key(kraken)
    seen: list[object] = []
    unsubscribe = kraken.state.events.subscribe(seen.append)
    try:
        client = _client(kraken, WITHDRAWER)
        _ok(client.private("Withdraw", {"asset": "XBT", "key": "cold", "amount": "0.5"}))
    finally:
        unsubscribe()
    [event] = [e for e in seen if isinstance(e, LedgerEvent)]
    assert (event.email, event.entry.type) == (EMAIL, "withdrawal")
    assert event.balances_after["XXBT"] == Decimal("0.5")
