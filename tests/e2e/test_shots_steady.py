from __future__ import annotations

from collections.abc import Iterator

import pytest

from e2e.shots.steady import SHOTS_INSTANT, hold_still, let_go
from fixtures.control import KrakenControl
from fixtures.servers import MockStack, start_mocks


@pytest.fixture(scope="module")
def stack() -> Iterator[MockStack]:
    with start_mocks() as running:
        yield running


def test_holding_still_fixes_time_account_ids_and_keys(stack: MockStack) -> None:
    with KrakenControl(stack.kraken_url) as kraken:

        def one_run() -> tuple[float, str, str, str]:
            kraken.reset()
            hold_still(stack, kraken, seed=20261125)
            account = kraken.create_user("ada@example.org", "correct horse battery")
            pair = kraken.create_key("ada@example.org", "Altrady 1", ["funds_query"])
            return stack.clock.now(), account["id"], pair.key, pair.secret

        try:
            assert one_run() == one_run()
            assert one_run()[0] == SHOTS_INSTANT
        finally:
            let_go(kraken)
            stack.clock.reset()
        kraken.reset()
        kraken.create_user("ada@example.org", "correct horse battery")
        keys = [kraken.create_key("ada@example.org", f"k{n}", ["funds_query"]) for n in "12"]
        assert keys[0] != keys[1]
