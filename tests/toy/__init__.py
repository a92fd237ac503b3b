"""A chat platform that lives in memory, to show that a new platform is one package and one line in
adapters/registry.py (tests/test_toy_platform.py registers it for its tests only)."""
