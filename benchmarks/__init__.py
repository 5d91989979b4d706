"""Benchmarks: each ``bench_<name>.py`` module has ``main() -> None`` that prints its table."""
