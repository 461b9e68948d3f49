"""The keyflow report as a pytest plugin (entry point ``keyflow-report``)."""
