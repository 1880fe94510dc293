"""Measurements of grappe run by hand (`python -m benchmarks`), never by CI."""
