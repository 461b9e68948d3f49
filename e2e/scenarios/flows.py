"""One scenario's walk through the guide, in the two tabs the guide keeps open.

Every guide step has one home, a method that walks it inside ``guide.step(n)`` and
confirms its outcome before returning, so a scenario reads as the guide does and a broken
step names itself:

====  ==========================================  =========================================
step  method                                      module
====  ==========================================  =========================================
1     ``walk.in_altrady.open_connect_wizard()``   ``e2e/scenarios/altrady_steps.py``
2     ``walk.in_altrady.choose_kraken(wizard)``   ``e2e/scenarios/altrady_steps.py``
3     ``walk.in_altrady.copy_whitelist(wizard)``  ``e2e/scenarios/altrady_steps.py``
4     ``walk.in_kraken.log_in()``                 ``e2e/scenarios/kraken_steps.py``
5     ``walk.in_kraken.open_security(account)``   ``e2e/scenarios/kraken_steps.py``
6     ``walk.in_kraken.start_new_key(security)``  ``e2e/scenarios/kraken_steps.py``
7     ``walk.in_kraken.generate_key(form, ...)``  ``e2e/scenarios/kraken_steps.py``
8     ``walk.paste_keys(wizard, keys)``           ``e2e/scenarios/flows.py`` (both tabs)
9     ``walk.in_altrady.confirm_connected(...)``  ``e2e/scenarios/altrady_steps.py``
10    ``walk.in_altrady.finish(wizard, name)``    ``e2e/scenarios/altrady_steps.py``
11    ``walk.in_altrady.check_balances(...)``     ``e2e/scenarios/altrady_steps.py``
====  ==========================================  =========================================

Beside the steps: ``walk.keys`` (every key made, and :meth:`KeyRing.make` for keys made
through the control API), ``walk.oracle`` (what Kraken and Altrady hold, read around the
pages), and ``walk.kraken`` / ``walk.altrady`` (the control APIs). A scenario opens
``walk.guide.step(n)`` itself only to deviate from the guide on purpose.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from playwright.sync_api import Locator, Page, expect

from e2e.pages.altrady.exchange_accounts import AccountSection
from e2e.pages.altrady.wizard import ConnectWizard
from e2e.pages.kraken.create_key import KrakenNewKeyDialog, NewKey
from e2e.scenarios.altrady_steps import KRAKEN_ACCOUNT, AltradySteps, KeysDialog
from e2e.scenarios.keyring import (
    GUIDE_PERMISSION_FIELDS,
    KeyRing,
    guide_key_settings,
    split_whitelist,
)
from e2e.scenarios.kraken_steps import KrakenSteps
from e2e.scenarios.oracle import ALTRADY_ASSET_NAMES, Oracle
from e2e.walk import GuideWalker
from fixtures.control import AltradyControl, KrakenControl
from fixtures.factories import Trader, key_name
from fixtures.servers import MockStack

__all__ = [
    "ALTRADY_ASSET_NAMES",
    "GUIDE_PERMISSION_FIELDS",
    "KRAKEN_ACCOUNT",
    "GuideWalk",
    "guide_key_settings",
    "key_fields",
    "split_whitelist",
]


def key_fields(dialog: KeysDialog, numbers: Sequence[int]) -> list[Locator]:
    """The key fields of groups ``numbers``, to cover in documentation pictures."""
    groups = [dialog.key_group(number) for number in numbers]
    return [locator for group in groups for locator in (group.api_key, group.private_key)]


@dataclass
class GuideWalk:
    guide: GuideWalker
    mocks: MockStack
    trader: Trader
    altrady_page: Page
    kraken_page: Page
    kraken: KrakenControl
    altrady: AltradyControl
    oracle: Oracle = field(init=False)
    keys: KeyRing = field(init=False)
    in_altrady: AltradySteps = field(init=False)
    in_kraken: KrakenSteps = field(init=False)

    def __post_init__(self) -> None:
        self.oracle = Oracle(
            kraken=self.kraken,
            altrady=self.altrady,
            kraken_url=self.mocks.kraken_url,
            email=self.trader.email,
            whitelist=lambda: self.whitelist,
        )
        self.keys = KeyRing(
            guide=self.guide,
            kraken=self.kraken,
            email=self.trader.email,
            whitelist=lambda: self.whitelist,
        )
        self.in_altrady = AltradySteps(
            guide=self.guide,
            page=self.altrady_page,
            altrady_url=self.mocks.altrady_url,
            trader=self.trader,
            oracle=self.oracle,
        )
        self.in_kraken = KrakenSteps(
            guide=self.guide,
            page=self.kraken_page,
            kraken_url=self.mocks.kraken_url,
            trader=self.trader,
            keys=self.keys,
            oracle=self.oracle,
        )

    @property
    def whitelist(self) -> str:
        """Altrady's IP whitelist, as step 2 showed it (empty before step 2)."""
        return self.in_altrady.whitelist

    def paste_keys(
        self,
        dialog: KeysDialog,
        keys: Sequence[NewKey],
        *,
        first: int = 1,
        part: str = "",
        connect: bool = True,
    ) -> None:
        """Step 8: the keys into Altrady (groups ``first``, ``first + 1``, ...), then Connect.

        Kraken's one-time dialog, when step 7 left it open, is pictured and closed first; a
        group not shown yet is added with ++ Add Extra Key. With ``connect`` (the guide's
        last part of step 8), Connect: every key is verified against Kraken and stored.
        """
        if not keys:
            raise ValueError("step 8 pastes at least one key")
        numbers = [first + offset for offset in range(len(keys))]
        with self.guide.step(8, part=part):
            if self.in_kraken.dialog_open_for is not None:
                new_key = KrakenNewKeyDialog(self.kraken_page)
                self.guide.picture(
                    new_key.copy_private_key_button,
                    "Kraken shows the new key once: copy the API key and the Private key",
                    masks=[new_key.api_key, new_key.private_key],
                )
                self.in_kraken.close_new_key_dialog()
            for number, key in zip(numbers, keys, strict=True):
                self._paste(dialog, number, key)
            if connect:
                self.guide.picture(
                    dialog.connect_button,
                    "Connect, with both keys filled in",
                    masks=key_fields(dialog, range(1, numbers[-1] + 1)),
                )
                self.in_altrady.connect(dialog)
                expect(dialog.next_button).to_be_visible()
                for number in numbers:
                    expect(dialog.dialog.get_by_text(f"Key {number}", exact=True)).to_be_visible()
                names = [key.name for key in keys]
                self.oracle.assert_altrady_stored(names)
                self.oracle.assert_kraken_was_asked_about(names)

    def _paste(self, dialog: KeysDialog, number: int, key: NewKey) -> None:
        if not dialog.key_group(number).group.is_visible():
            self.guide.picture(
                dialog.add_extra_key_button,
                "++ Add Extra Key, for the second key made the same way",
                masks=key_fields(dialog, range(1, number)),
            )
        self.in_altrady.paste_key(dialog, number, key)
        if number == 1:
            self.guide.picture(
                dialog.key_group(1).group,
                "Both pasted into Key 1 in Altrady",
                masks=key_fields(dialog, [1]),
            )
        expect(dialog.key_group(number).api_key).to_have_value(key.api_key)

    # Several steps at once

    def two_keys_through_kraken(self, wizard: ConnectWizard) -> tuple[NewKey, NewKey]:
        """Steps 4 to 8 up to Connect: two keys made on Kraken's pages, pasted into Altrady."""
        account = self.in_kraken.log_in()
        security = self.in_kraken.open_security(account)
        form = self.in_kraken.start_new_key(security)
        first = self.in_kraken.generate_key(form, guide_key_settings(key_name(1), self.whitelist))
        self.paste_keys(wizard, [first], connect=False)
        second_settings = guide_key_settings(key_name(2), self.whitelist)
        api_tab = self.in_kraken.api_keys_tab()
        second = self.in_kraken.new_key(api_tab, second_settings, part="second key")
        self.paste_keys(wizard, [second], first=2, part="second key", connect=False)
        return first, second

    def connect_control_keys(self, count: int) -> tuple[AccountSection, list[NewKey]]:
        """Steps 1, 2 and 8 to 10 with ``count`` keys made through the control API.

        For scenarios about what happens once an account is connected, not about Kraken's
        pages. Returns the account's section on the Exchange Account API keys page.
        """
        wizard = self.in_altrady.open_connect_wizard()
        self.in_altrady.choose_kraken(wizard)
        keys = [self.keys.make(key_name(number)) for number in range(1, count + 1)]
        self.paste_keys(wizard, keys)
        self.in_altrady.confirm_connected(wizard)
        return self.in_altrady.finish(wizard, KRAKEN_ACCOUNT), keys
