from __future__ import annotations

import pytest

from e2e.shots.pytest_plugin import parse_steps
from e2e.shots.steady import SHOTS_INSTANT

pytest_plugins = ["pytester"]

CLOCK_PROBE = f"""
def test_clock(mocks, keyflow_camera, browser_type_launch_args):
    frozen = keyflow_camera is not None
    assert mocks.clock.is_frozen is frozen
    # Steady rendering in shots mode, on top of the keyflow plugin's own arguments.
    arguments = browser_type_launch_args["args"]
    assert ("--num-raster-threads=1" in arguments) is frozen
    assert "--disable-background-networking" in arguments
    if frozen:
        assert mocks.clock.now() == {SHOTS_INSTANT!r}
        assert keyflow_camera.steps == frozenset({{3, 7}})
"""


def test_parse_steps() -> None:
    assert parse_steps("3,7") == frozenset({3, 7})
    assert parse_steps(" 11 ") == frozenset({11})


@pytest.mark.parametrize("text", ["0", "12", "3,x", "", "3,,7"])
def test_parse_steps_refuses_what_is_not_a_step(text: str) -> None:
    with pytest.raises(ValueError, match="is not a guide step"):
        parse_steps(text)


def test_shots_mode_freezes_the_mocks_clock_at_a_fixed_instant(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(CLOCK_PROBE)
    shots = pytester.path / "shots"
    result = pytester.runpytest_subprocess(
        "-p", "no:randomly", "--shots-dir", str(shots), "--shots-steps", "3,7"
    )
    result.assert_outcomes(passed=1)
    # No step asked for a picture, so the manifest is empty but written.
    assert (shots / "shots.json").read_text().count('"number"') == 0


def test_without_shots_mode_there_is_no_camera_and_time_runs(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(CLOCK_PROBE)
    pytester.runpytest_subprocess("-p", "no:randomly").assert_outcomes(passed=1)


def test_a_bad_steps_option_is_a_usage_error(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_nothing(): pass")
    result = pytester.runpytest_subprocess("--shots-dir", "out", "--shots-steps", "99")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--shots-steps: '99' is not a guide step*"])
