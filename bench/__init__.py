"""Benchmarks: `bin/bench` (see bench/README.md). Measured, never asserted in tests."""
