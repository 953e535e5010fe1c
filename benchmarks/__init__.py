"""Evaluations and benchmarks on the public data in ``../shared/data`` (read in place)."""
