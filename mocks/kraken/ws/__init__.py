"""Kraken's Spot WebSocket API v2: a public and an authenticated endpoint over one state.

``protocol`` (frames and message shapes), ``tokens`` (GetWebSocketsToken's tokens),
``book`` (levels and checksum), ``feeds`` (the public channels' data), ``private``
(executions and balances), ``methods`` (order entry), ``session`` (one connection),
``hub`` (every connection, faults, journal, heartbeats), ``control`` (its control API) and
``app`` (the two ASGI apps).
"""
