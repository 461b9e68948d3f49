"""What Kraken publishes about its spot API, as code: the request signature, the API-key
permission table (field names and create-key page labels), the REST and trading limit
tables (increments, decay, open orders per pair), the fee schedule, the error strings, and
a small signed REST client.

Both mocks and the harness read this package. The Kraken mock enforces these facts;
Altrady reads them *and nothing else of Kraken's*, as a real trading platform reads
Kraken's documentation, never its code. Nothing here imports the Kraken server.
"""
