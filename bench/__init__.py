"""Benchmark scripts and the synthetic 837P generator used by tests and benchmarks."""
