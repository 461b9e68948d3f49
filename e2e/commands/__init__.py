"""The ``keyflow`` subcommands, one module each (``e2e.cli`` wires them together)."""
