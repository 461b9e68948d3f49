"""The step runner: walks the guide's steps one ``with`` block at a time.

``with guide.step(3):`` announces step 3 through ``pytest_keyflow_step_started``, runs the
block, screenshots the tab(s) the step happens on, records a :class:`StepRecord`, announces
it through ``pytest_keyflow_step_finished`` and, when the block failed, raises
:class:`GuideStepError` naming the step, what the guide expects and what was seen.
``guide.picture(...)`` offers a documentation picture through ``pytest_keyflow_picture``.

The runner knows its listeners (the live progress, the report, the documentation camera)
only through these hooks (``e2e/hooks.py``): it imports none of them.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal, Protocol

from playwright.sync_api import Locator, Page

from e2e.guide import GuideStep, step_by_number
from e2e.masks import MASK_COLOUR
from e2e.steps import GuideStepError, StepRecord
from fixtures.redaction import redact_secrets

__all__ = [
    "GuideWalker",
    "ScreenshotTarget",
    "SecretFields",
    "StepCamera",
    "StepHooks",
]


class ScreenshotTarget(Protocol):
    """What the runner needs of a tab: Playwright's ``Page`` fits."""

    def bring_to_front(self) -> None: ...

    def screenshot(
        self,
        *,
        path: str | Path | None = None,
        animations: Literal["allow", "disabled"] | None = None,
        mask: Sequence[Locator] | None = None,
        mask_color: str | None = None,
    ) -> bytes: ...


# Which elements of a tab to cover in step screenshots (fields that show a private key).
SecretFields = Callable[[ScreenshotTarget], Sequence[Locator]]

# Writes one step screenshot of a tab to a file, covering what shows a private key itself
# (the plugin's captures the viewport straight from Chromium, the page's stylesheet masking).
StepCamera = Callable[[ScreenshotTarget, Path], None]


class StepHooks(Protocol):
    """The keyflow hooks (``e2e/hooks.py``), as ``pytest.Config.hook`` exposes them."""

    def pytest_keyflow_step_started(
        self, *, nodeid: str, number: int, title: str, part: str
    ) -> Any: ...

    def pytest_keyflow_step_finished(self, *, record: StepRecord) -> Any: ...

    def pytest_keyflow_picture(
        self,
        *,
        page: Page,
        number: int,
        part: str,
        caption: str,
        subject: Locator | None,
        masks: Sequence[Locator],
        marks: Sequence[tuple[int, Locator | Sequence[Locator]]],
    ) -> Any: ...


def _first_target(marks: Sequence[tuple[int, Locator | Sequence[Locator]]]) -> Locator:
    if not marks:
        raise ValueError("a picture shows a subject to outline, or numbered marks, or both")
    targets = marks[0][1]
    return targets[0] if isinstance(targets, Sequence) else targets


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


class GuideWalker:
    """Runs the guide's steps for one scenario.

    ``tabs`` maps a step's ``where`` ("Altrady", "Kraken") to the tab it happens in; a step
    "both" happen in is shot in every tab. ``records`` receives every finished step (the
    plugin passes the list it keeps on the test item). ``camera`` takes the step screenshots
    instead of Playwright's ``screenshot`` with ``secret_fields`` masked.
    """

    def __init__(
        self,
        *,
        nodeid: str,
        hooks: StepHooks,
        output_dir: Path,
        tabs: Mapping[str, ScreenshotTarget],
        records: list[StepRecord] | None = None,
        secret_fields: SecretFields | None = None,
        camera: StepCamera | None = None,
    ) -> None:
        self.nodeid = nodeid
        self.hooks = hooks
        self.output_dir = output_dir
        self.tabs = dict(tabs)
        self.records: list[StepRecord] = records if records is not None else []
        self.secret_fields = secret_fields
        self.camera = camera
        self._secrets: set[str] = set()
        self._current: GuideStep | None = None
        self._part = ""
        self._front: ScreenshotTarget | None = None

    def keep_secret(self, *values: str) -> None:
        """Never let ``values`` (private keys) reach a step's error message or report."""
        self._secrets.update(value for value in values if value)

    @property
    def kept_secrets(self) -> frozenset[str]:
        """The secrets given to :meth:`keep_secret` (for tools that scrub artifacts)."""
        return frozenset(self._secrets)

    def redact(self, text: str) -> str:
        return redact_secrets(text, self._secrets)

    def picture(
        self,
        subject: Locator | None,
        caption: str,
        *,
        masks: Sequence[Locator] = (),
        marks: Sequence[tuple[int, Locator | Sequence[Locator]]] = (),
    ) -> None:
        """A documentation picture of the step being walked, about ``subject`` (shots mode).

        ``marks`` number the parts of a step the guide numbers (``[(4, field)]`` is 7.4 in
        step 7) on their controls; ``subject`` (the control to click) may then be None.
        Offered at the moment of the call (``pytest_keyflow_picture``), so a step can show
        the control to click before clicking it. Outside shots mode no one takes it.
        """
        if self._current is None:
            raise RuntimeError("a picture belongs to a guide step: call it inside guide.step()")
        first = subject if subject is not None else _first_target(marks)
        self.hooks.pytest_keyflow_picture(
            page=first.page,
            number=self._current.number,
            part=self._part,
            caption=caption,
            subject=subject,
            masks=list(masks),
            marks=list(marks),
        )

    @contextmanager
    def step(
        self,
        number: int,
        *,
        part: str = "",
        shoot: ScreenshotTarget | Sequence[ScreenshotTarget] | None = None,
        expected: str | None = None,
    ) -> Iterator[GuideStep]:
        """Walk guide step ``number``.

        ``shoot`` overrides which tab(s) are screenshot; ``expected`` replaces the step's own
        outcome in a failure's message, for a scenario that checks what the guide warns
        against (a refused key) rather than the happy path.
        """
        if self._current is not None:
            raise RuntimeError(
                f"guide step {number} started inside step {self._current.number}; steps do not nest"
            )
        guide_step = step_by_number(number)
        self._current = guide_step
        self._part = part
        self.hooks.pytest_keyflow_step_started(
            nodeid=self.nodeid, number=number, title=guide_step.title, part=part
        )
        started_at = time.time()
        clock_start = time.perf_counter()
        screenshots: list[Path] = []
        error: str | None = None
        try:
            self._look_at(guide_step)
            yield guide_step
            screenshots = self._screenshot(guide_step, part, shoot)
        except Exception as exc:
            screenshots = self._screenshot_after_failure(guide_step, part, shoot)
            failure = self._error(guide_step, exc, expected or guide_step.confirms)
            error = str(failure)
            if failure is exc:
                raise
            # The original exception's text may hold what was redacted from ours.
            cause = None if self.redact(str(exc)) != str(exc) else exc
            raise failure from cause
        except BaseException as exc:  # pytest.skip/fail, KeyboardInterrupt: pass through
            error = repr(exc)
            raise
        finally:
            self._current = None
            record = StepRecord(
                nodeid=self.nodeid,
                number=guide_step.number,
                title=guide_step.title,
                status="passed" if error is None else "failed",
                started_at=started_at,
                duration_s=time.perf_counter() - clock_start,
                screenshots=screenshots,
                error=error,
                part=part,
            )
            self.records.append(record)
            self.hooks.pytest_keyflow_step_finished(record=record)

    def look_at(self, tab: ScreenshotTarget) -> None:
        """Bring ``tab`` to the front, as a person switching tabs does.

        It matters to speed too: Chromium throttles a background tab's animation frames,
        and Playwright's "stable" check before a click waits on them (up to 2 s a click).
        """
        if tab is not self._front:
            tab.bring_to_front()
            self._front = tab

    def _look_at(self, step: GuideStep) -> None:
        # A step in "both" tabs leaves the switching to the scenario, which knows the order.
        tab = self.tabs.get(step.where)
        if tab is not None:
            self.look_at(tab)

    def _error(self, step: GuideStep, exc: Exception, expected: str) -> GuideStepError:
        if isinstance(exc, GuideStepError):
            return exc
        seen = str(exc).strip() if isinstance(exc, AssertionError) else ""
        if not seen:
            seen = f"{type(exc).__name__}: {exc}".rstrip(": ")
        return GuideStepError(step.number, step.title, expected, self.redact(seen))

    def _targets(
        self, step: GuideStep, shoot: ScreenshotTarget | Sequence[ScreenshotTarget] | None
    ) -> list[tuple[str, ScreenshotTarget]]:
        if shoot is None:
            if step.where in self.tabs:
                return [(step.where, self.tabs[step.where])]
            return list(self.tabs.items())
        chosen = list(shoot) if isinstance(shoot, Sequence) else [shoot]
        names = {id(tab): where for where, tab in self.tabs.items()}
        return [(names.get(id(tab), f"tab {index + 1}"), tab) for index, tab in enumerate(chosen)]

    def _screenshot(
        self,
        step: GuideStep,
        part: str,
        shoot: ScreenshotTarget | Sequence[ScreenshotTarget] | None,
    ) -> list[Path]:
        targets = self._targets(step, shoot)
        stem = f"step-{step.number:02d}" + (f"-{_slug(part)}" if part else "")
        paths: list[Path] = []
        for where, tab in targets:
            suffix = f"-{_slug(where)}" if len(targets) > 1 else ""
            path = self.output_dir / f"{stem}{suffix}.png"
            path.parent.mkdir(parents=True, exist_ok=True)
            if self.camera is not None:
                self.camera(tab, path)
            else:
                # Frozen animations keep regenerated screenshots identical between runs; a
                # private key on screen is covered, in the documentation pictures' quiet
                # grey: screenshots end up in reports.
                masks = list(self.secret_fields(tab)) if self.secret_fields else None
                tab.screenshot(path=path, animations="disabled", mask=masks, mask_color=MASK_COLOUR)
            paths.append(path)
        return paths

    def _screenshot_after_failure(
        self,
        step: GuideStep,
        part: str,
        shoot: ScreenshotTarget | Sequence[ScreenshotTarget] | None,
    ) -> list[Path]:
        # Best effort: a crashed or closed tab must not hide the step's own error.
        try:
            return self._screenshot(step, part or "failed", shoot)
        except Exception:
            return []
