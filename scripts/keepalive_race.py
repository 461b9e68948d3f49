#!/usr/bin/env python3
"""Reproduce issue 16's flake: a request sent on a keep-alive connection that the server is
closing at that very moment gets no answer.

    python scripts/keepalive_race.py                    # the mocks as served now: no race
    python scripts/keepalive_race.py --server-keep-alive 5 # uvicorn's default, as before
    python scripts/keepalive_race.py --server-keep-alive 1 --client-expiry 1   # the same, quicker

A Kraken mock is served with ``--server-keep-alive`` seconds of idle keep-alive; an httpx
client (as Altrady's backend uses it; httpx's default idle expiry is 5 s) makes a call,
stays idle for a time swept across the first of the two limits, and calls again. Prints
each try and ``tries: N, unanswered: K``; exits 1 if any call went unanswered. Real idle
time is the point here, so this is a script, not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mocks.kraken.app import create_app
from mocks.server import KEEP_ALIVE_S, serving

__all__ = ["main"]

SWEEP_S = 0.004


async def _tries(url: str, server_keep_alive_s: float, expiry_s: float, tries: int) -> int:
    unanswered = 0
    limits = httpx.Limits(keepalive_expiry=expiry_s)
    # The race lives in the last milliseconds before whichever side gives up on the idle
    # connection first: sweep the idle time across them (wider on a loaded machine).
    edge = min(server_keep_alive_s, expiry_s)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=5.0) as client:
        for attempt in range(tries):
            idle = edge - SWEEP_S + SWEEP_S * 1.5 * attempt / max(tries - 1, 1)
            await client.get("/0/public/Time")
            await asyncio.sleep(idle)
            try:
                await client.get("/0/public/Time")
                outcome = "answered"
            except (httpx.RemoteProtocolError, httpx.ReadError) as exc:
                unanswered += 1
                outcome = f"UNANSWERED ({type(exc).__name__}: {exc})"
            print(f"try {attempt + 1:>2}: idle {idle:.4f} s: {outcome}", flush=True)
    return unanswered


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--server-keep-alive", type=int, default=KEEP_ALIVE_S, metavar="S")
    parser.add_argument("--client-expiry", type=float, default=5.0, metavar="S")
    parser.add_argument("--tries", type=int, default=40)
    args = parser.parse_args(argv)
    with serving(create_app(), name="kraken", keep_alive_s=args.server_keep_alive) as kraken:
        unanswered = asyncio.run(
            _tries(kraken.url, args.server_keep_alive, args.client_expiry, args.tries)
        )
    print(
        f"server keep-alive {args.server_keep_alive} s, client expiry {args.client_expiry} s: "
        f"tries: {args.tries}, unanswered: {unanswered}"
    )
    return 1 if unanswered else 0


if __name__ == "__main__":
    sys.exit(main())
