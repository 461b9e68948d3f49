"""Each guide step has exactly one home among the scenarios' step modules."""

from __future__ import annotations

import ast
from pathlib import Path

from e2e.guide import GUIDE_STEPS

ROOT = Path(__file__).resolve().parents[2]
STEP_MODULES = [
    ROOT / "e2e/scenarios/altrady_steps.py",
    ROOT / "e2e/scenarios/kraken_steps.py",
    ROOT / "e2e/scenarios/flows.py",
]


def step_homes(path: Path) -> list[tuple[int, str]]:
    """(step number, method) for every ``guide.step(<number>, ...)`` a method opens."""
    homes: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.FunctionDef):
            continue
        for call in ast.walk(node):
            if (
                isinstance(call, ast.Call)
                and isinstance(call.func, ast.Attribute)
                and call.func.attr == "step"
                and call.args
                and isinstance(call.args[0], ast.Constant)
                and isinstance(call.args[0].value, int)
            ):
                homes.append((call.args[0].value, node.name))
    return homes


def test_every_guide_step_has_exactly_one_method() -> None:
    homes = [home for path in STEP_MODULES for home in step_homes(path)]
    numbers = sorted(number for number, _method in homes)
    assert numbers == [step.number for step in GUIDE_STEPS], homes


def test_each_step_method_says_its_number_first() -> None:
    """A search for "Step 7:" finds step 7's method: its docstring starts so."""
    for path in STEP_MODULES:
        methods = {
            node.name: ast.get_docstring(node) or ""
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.FunctionDef)
        }
        for number, method in step_homes(path):
            assert methods[method].startswith(f"Step {number}:"), (path.name, method)
