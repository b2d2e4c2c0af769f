"""Benchmarks: each measures one capability and prints one JSON object."""
