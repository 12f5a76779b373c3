"""Benchmarks with their data generators; results are recorded in docs/benchmarks.md."""
