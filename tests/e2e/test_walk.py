from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Literal, cast

import pytest
from playwright.sync_api import Locator, Page

from e2e.guide import step_by_number
from e2e.masks import MASK_COLOUR
from e2e.steps import GuideStepError, StepRecord
from e2e.walk import GuideWalker, ScreenshotTarget, StepHooks
from fixtures.redaction import REDACTED

PNG_MAGIC = b"\x89PNG"


class FakeTab:
    """Writes a tiny file where Playwright would write the screenshot."""

    def __init__(self, *, broken: bool = False) -> None:
        self.broken = broken
        self.shots: list[Path] = []
        self.masks: Sequence[Locator] | None = None
        self.mask_color: str | None = None
        self.times_brought_to_front = 0

    def bring_to_front(self) -> None:
        self.times_brought_to_front += 1

    def screenshot(
        self,
        *,
        path: str | Path | None = None,
        animations: Literal["allow", "disabled"] | None = None,
        mask: Sequence[Locator] | None = None,
        mask_color: str | None = None,
    ) -> bytes:
        self.masks = mask
        self.mask_color = mask_color
        if self.broken:
            raise RuntimeError("Target page, context or browser has been closed")
        assert path is not None
        assert animations == "disabled"
        Path(path).write_bytes(PNG_MAGIC)
        self.shots.append(Path(path))
        return PNG_MAGIC


class HookLog:
    def __init__(self) -> None:
        self.calls: list[tuple[str, object]] = []

    # Positional, as pluggy calls hook implementations.
    def pytest_keyflow_step_started(self, nodeid: str, number: int, title: str, part: str) -> None:
        self.calls.append(("started", (nodeid, number, title, part)))

    def pytest_keyflow_step_finished(self, record: StepRecord) -> None:
        self.calls.append(("finished", record))

    def pytest_keyflow_picture(  # noqa: PLR0917
        self,
        page: Page,
        number: int,
        part: str,
        caption: str,
        subject: Locator | None,
        masks: Sequence[Locator],
        marks: Sequence[tuple[int, Locator | Sequence[Locator]]],
    ) -> None:
        picture = {"page": page, "number": number, "caption": caption, "subject": subject}
        details = {**picture, "walk": part, "masks": list(masks), "marks": list(marks)}
        self.calls.append(("picture", details))


@pytest.fixture
def hooks() -> HookLog:
    return HookLog()


@pytest.fixture
def altrady() -> FakeTab:
    return FakeTab()


@pytest.fixture
def kraken() -> FakeTab:
    return FakeTab()


@pytest.fixture
def walker(tmp_path: Path, hooks: HookLog, altrady: FakeTab, kraken: FakeTab) -> GuideWalker:
    return GuideWalker(
        nodeid="e2e/scenarios/test_x.py::test_y",
        hooks=hooks,
        output_dir=tmp_path / "out",
        tabs={"Altrady": altrady, "Kraken": kraken},
    )


def test_a_passing_step_is_announced_recorded_and_shot(
    walker: GuideWalker, hooks: HookLog, altrady: FakeTab, kraken: FakeTab, tmp_path: Path
) -> None:
    with walker.step(3) as step:
        assert step == step_by_number(3)
        assert hooks.calls == [
            ("started", ("e2e/scenarios/test_x.py::test_y", 3, "Copy Altrady's IP whitelist", ""))
        ]

    (record,) = walker.records
    assert hooks.calls[-1] == ("finished", record)
    assert record.status == "passed"
    assert record.error is None
    assert (record.number, record.title, record.part) == (3, "Copy Altrady's IP whitelist", "")
    assert record.duration_s >= 0
    assert record.screenshots == [tmp_path / "out" / "step-03.png"]
    assert altrady.shots == record.screenshots
    assert kraken.shots == []


def test_a_kraken_step_shoots_the_kraken_tab(
    walker: GuideWalker, altrady: FakeTab, kraken: FakeTab
) -> None:
    with walker.step(5):
        pass
    assert kraken.shots == walker.records[0].screenshots
    assert altrady.shots == []


def test_a_step_in_both_apps_shoots_both_tabs(walker: GuideWalker, tmp_path: Path) -> None:
    with walker.step(8, part="second key"):
        pass
    (record,) = walker.records
    assert record.part == "second key"
    assert record.screenshots == [
        tmp_path / "out" / "step-08-second-key-altrady.png",
        tmp_path / "out" / "step-08-second-key-kraken.png",
    ]
    assert all(path.read_bytes() == PNG_MAGIC for path in record.screenshots)


def test_each_step_brings_its_tab_to_the_front_once(
    walker: GuideWalker, altrady: FakeTab, kraken: FakeTab
) -> None:
    for number in (1, 2, 4, 5):
        with walker.step(number):
            pass
    assert (altrady.times_brought_to_front, kraken.times_brought_to_front) == (1, 1)
    with walker.step(8):  # both tabs: the scenario switches, the walker does not
        pass
    with walker.step(9):
        pass
    assert (altrady.times_brought_to_front, kraken.times_brought_to_front) == (2, 1)


def test_look_at_switches_tabs_only_when_needed(
    walker: GuideWalker, altrady: FakeTab, kraken: FakeTab
) -> None:
    walker.look_at(kraken)
    walker.look_at(kraken)
    walker.look_at(altrady)
    assert (altrady.times_brought_to_front, kraken.times_brought_to_front) == (1, 1)


def test_shoot_picks_the_tab(walker: GuideWalker, kraken: FakeTab, tmp_path: Path) -> None:
    with walker.step(8, shoot=kraken):
        pass
    assert walker.records[0].screenshots == [tmp_path / "out" / "step-08.png"]
    assert kraken.shots == walker.records[0].screenshots


def test_a_failed_assertion_names_the_step_expected_and_seen(
    walker: GuideWalker, hooks: HookLog
) -> None:
    with pytest.raises(GuideStepError) as caught, walker.step(7):
        raise AssertionError("the key has nonce window 0, not 5000")

    assert str(caught.value) == (
        "Guide step 7 (Fill in and generate the key) failed.\n"
        "  Expected: A key is created with exactly those settings.\n"
        "  Seen: the key has nonce window 0, not 5000"
    )
    assert caught.value.number == 7
    assert isinstance(caught.value.__cause__, AssertionError)
    (record,) = walker.records
    assert record.status == "failed"
    assert record.error == str(caught.value)
    assert [name for name, _ in hooks.calls] == ["started", "finished"]


def test_other_errors_are_named_by_type(walker: GuideWalker) -> None:
    seen = r"Seen: TimeoutError: Locator.click: Timeout"
    with pytest.raises(GuideStepError, match=seen), walker.step(1):
        raise TimeoutError("Locator.click: Timeout 10000ms exceeded.")


def test_a_failed_step_still_gets_a_screenshot(walker: GuideWalker, tmp_path: Path) -> None:
    with pytest.raises(GuideStepError), walker.step(2):
        raise AssertionError("no IP whitelist")
    assert walker.records[0].screenshots == [tmp_path / "out" / "step-02-failed.png"]


def test_a_broken_tab_does_not_hide_the_steps_own_error(tmp_path: Path, hooks: HookLog) -> None:
    walker = GuideWalker(
        nodeid="n",
        hooks=hooks,
        output_dir=tmp_path,
        tabs={"Altrady": FakeTab(broken=True)},
    )
    with pytest.raises(GuideStepError, match="Seen: the wizard did not open"), walker.step(1):
        raise AssertionError("the wizard did not open")
    assert walker.records[0].screenshots == []


def test_a_screenshot_that_fails_after_a_passing_block_fails_the_step(
    tmp_path: Path, hooks: HookLog
) -> None:
    walker = GuideWalker(
        nodeid="n", hooks=hooks, output_dir=tmp_path, tabs={"Altrady": FakeTab(broken=True)}
    )
    with pytest.raises(GuideStepError, match="RuntimeError: Target page"), walker.step(10):
        pass
    assert walker.records[0].status == "failed"


def test_secrets_never_reach_the_message_or_the_record(walker: GuideWalker) -> None:
    secret = (
        "kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg=="
    )
    walker.keep_secret(secret)
    with pytest.raises(GuideStepError) as caught, walker.step(8):
        raise AssertionError(f"Expected value '{secret}'")
    assert secret not in str(caught.value)
    assert REDACTED in str(caught.value)
    # The unredacted original is not chained either (pytest would print it).
    assert caught.value.__cause__ is None
    assert secret not in (walker.records[0].error or "")


def test_steps_do_not_nest(walker: GuideWalker) -> None:
    inner = walker.step(5)
    with pytest.raises(GuideStepError, match="steps do not nest"), walker.step(4), inner:
        pass
    assert [record.number for record in walker.records] == [4]


def test_a_skip_inside_a_step_is_recorded_and_passes_through(walker: GuideWalker) -> None:
    with pytest.raises(pytest.skip.Exception), walker.step(11):
        pytest.skip("balances not configured")
    assert walker.records[0].status == "failed"


def test_an_unknown_step_number_is_a_plain_error(walker: GuideWalker) -> None:
    with pytest.raises(KeyError), walker.step(12):
        pass
    assert walker.records == []


def test_the_keyflow_hooks_reach_registered_plugins(
    request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    listener = HookLog()
    request.config.pluginmanager.register(listener, "test-walk-listener")
    try:
        walker = GuideWalker(
            nodeid=request.node.nodeid,
            hooks=_real_hooks(request),
            output_dir=tmp_path,
            tabs={"Altrady": FakeTab()},
        )
        with walker.step(9):
            pass
    finally:
        request.config.pluginmanager.unregister(listener)
    assert [name for name, _ in listener.calls] == ["started", "finished"]
    assert listener.calls[1][1] is walker.records[0]


def _real_hooks(request: pytest.FixtureRequest) -> StepHooks:
    return cast(StepHooks, request.config.hook)


class FakeSubject:
    page = "the tab"


def test_pictures_are_offered_through_the_hook_with_the_current_step(
    tmp_path: Path, hooks: HookLog
) -> None:
    walker = GuideWalker(nodeid="n", hooks=hooks, output_dir=tmp_path, tabs={"Altrady": FakeTab()})
    subject = cast(Locator, FakeSubject())
    with walker.step(3, part="again"):
        walker.picture(subject, "The copy icon beside the whitelist")
    pictures = [details for name, details in hooks.calls if name == "picture"]
    assert pictures == [
        {
            "page": "the tab",
            "number": 3,
            "caption": "The copy icon beside the whitelist",
            "subject": subject,
            "walk": "again",
            "masks": [],
            "marks": [],
        }
    ]


def test_a_picture_of_numbered_parts_needs_no_subject(tmp_path: Path, hooks: HookLog) -> None:
    walker = GuideWalker(nodeid="n", hooks=hooks, output_dir=tmp_path, tabs={"Kraken": FakeTab()})
    field = cast(Locator, FakeSubject())
    with walker.step(7):
        walker.picture(None, "The form", marks=[(4, field)])
    pictures = [details for name, details in hooks.calls if name == "picture"]
    assert pictures == [
        {
            "page": "the tab",  # the first mark's
            "number": 7,
            "caption": "The form",
            "subject": None,
            "walk": "",
            "masks": [],
            "marks": [(4, field)],
        }
    ]


def test_a_picture_no_listener_takes_is_nothing(walker: GuideWalker) -> None:
    with walker.step(1):
        walker.picture(cast(Locator, FakeSubject()), "ignored")
    assert walker.records[0].status == "passed"


def test_a_picture_outside_a_step_is_a_mistake(walker: GuideWalker) -> None:
    with pytest.raises(RuntimeError, match=r"inside guide\.step"):
        walker.picture(cast(Locator, FakeSubject()), "lost")


def test_a_scenario_can_say_what_it_expects_instead(walker: GuideWalker) -> None:
    refused = "Altrady refuses the key and names the missing permissions."
    with (
        pytest.raises(GuideStepError, match="Expected: Altrady refuses"),
        walker.step(8, expected=refused),
    ):
        raise AssertionError("the key was accepted")


def test_secret_fields_are_masked_in_step_screenshots(
    tmp_path: Path, hooks: HookLog, altrady: FakeTab
) -> None:
    secret_field = cast(Locator, FakeSubject())
    walker = GuideWalker(
        nodeid="n",
        hooks=hooks,
        output_dir=tmp_path,
        tabs={"Altrady": altrady},
        secret_fields=lambda tab: [secret_field] if tab is altrady else [],
    )
    with walker.step(8, shoot=altrady):
        pass
    assert altrady.masks == [secret_field]
    assert altrady.mask_color == MASK_COLOUR


def test_a_camera_takes_the_step_screenshots_instead(
    tmp_path: Path, hooks: HookLog, altrady: FakeTab, kraken: FakeTab
) -> None:
    taken: list[tuple[ScreenshotTarget, Path]] = []

    def camera(tab: ScreenshotTarget, path: Path) -> None:
        path.write_bytes(PNG_MAGIC)
        taken.append((tab, path))

    walker = GuideWalker(
        nodeid="n",
        hooks=hooks,
        output_dir=tmp_path,
        tabs={"Altrady": altrady, "Kraken": kraken},
        camera=camera,
    )
    with walker.step(8):
        pass
    assert taken == [
        (altrady, tmp_path / "step-08-altrady.png"),
        (kraken, tmp_path / "step-08-kraken.png"),
    ]
    assert walker.records[0].screenshots == [path for _, path in taken]
    assert altrady.shots == kraken.shots == []  # Playwright's screenshot is not called
