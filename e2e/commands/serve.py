"""``keyflow serve``: both mocks on real ports, with a demo login, until Ctrl-C or SIGTERM."""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import signal
import sys
from collections.abc import Callable, Iterator
from types import FrameType
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the mocks are imported by `serve`, not to build `keyflow --help`
    from fixtures.servers import MockStack

__all__ = ["add_parser", "serve", "stop_signals"]


def port_number(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"a port is 0 to 65535, not {port}")
    return port


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "serve",
        help="serve both mocks to click through by hand",
        description="Start the Kraken and Altrady mocks and a demo login; Ctrl-C stops them.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--kraken-port", type=port_number, default=0, help="0 picks a free one")
    parser.add_argument("--altrady-port", type=port_number, default=0, help="0 picks a free one")
    parser.add_argument(
        "--seed", type=int, default=None, help="Faker seed of the demo login (default: config)"
    )
    parser.set_defaults(handler=serve)


@contextlib.contextmanager
def stop_signals() -> Iterator[Callable[[], None]]:
    """Ctrl-C and SIGTERM end the wait this yields, whenever they come.

    The handler only writes a byte into a pipe, which the wait reads. A handler runs in the
    main thread between two bytecodes: one that took a lock (``threading.Event.set``) could
    run while the main thread held that very lock, inside ``Event.wait``, and wait for
    itself forever (``keyflow serve`` hung in 1 of 20 stops sent as it printed its login).
    """
    wake, wake_up = os.pipe()
    os.set_blocking(wake_up, False)

    def request_stop(_signum: int, _frame: FrameType | None) -> None:
        with contextlib.suppress(BlockingIOError):  # the pipe already holds a wake-up
            os.write(wake_up, b"\0")

    def wait_for_a_stop() -> None:
        os.read(wake, 1)  # PEP 475: a signal's handler runs, then the read goes on

    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield wait_for_a_stop
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        os.close(wake)
        os.close(wake_up)


def _say(line: str) -> None:
    print(line, flush=True)


def _announce(stack: MockStack, seed: int) -> None:
    from fixtures.control import AltradyControl, KrakenControl  # noqa: PLC0415
    from fixtures.demo import create_demo_trader  # noqa: PLC0415
    from fixtures.servers import loopback_url  # noqa: PLC0415

    _say(f"kraken {stack.kraken_url}")
    _say(f"altrady {stack.altrady_url}")
    _say(f"kraken-ws {stack.kraken_ws_url}")
    _say(f"kraken-ws-auth {stack.kraken_ws_auth_url}")
    with (
        KrakenControl(loopback_url(stack.kraken)) as kraken,
        AltradyControl(loopback_url(stack.altrady)) as altrady,
    ):
        _say(str(create_demo_trader(kraken, altrady, seed=seed)))


def serve(args: argparse.Namespace) -> int:
    from e2e.config import load_config  # noqa: PLC0415
    from fixtures.control import ControlError  # noqa: PLC0415
    from fixtures.servers import start_mocks  # noqa: PLC0415
    from mocks.server import ServerStartError  # noqa: PLC0415

    seed = args.seed if args.seed is not None else load_config().seed
    with stop_signals() as wait_for_a_stop:
        try:
            stack = start_mocks(args.host, args.kraken_port, args.altrady_port)
        except ServerStartError as exc:
            print(f"keyflow serve: {exc}", file=sys.stderr)
            return 1
        with stack:
            try:
                _announce(stack, seed)
            except ControlError as exc:
                print(f"keyflow serve: could not create the demo login: {exc}", file=sys.stderr)
                return 1
            # Python's collections at exit walk every object start-up made (the apps,
            # Faker, Jinja): over a second on a loaded machine, and a stop has 2 s in all.
            # Frozen objects are skipped; what serving creates is still collected.
            gc.freeze()
            wait_for_a_stop()
    print("keyflow serve: stopped", file=sys.stderr, flush=True)
    return 0
