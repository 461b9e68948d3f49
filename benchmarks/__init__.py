"""Benchmarks of the mocks, the guide and the suite: a script that prints figures.

Run ``python benchmarks/bench.py --help`` (or ``make bench``). Nothing here is a timed test.
"""

__all__: list[str] = []
