"""Helpers the tests share that are not fixtures: test-only backends and the real-process harness."""
