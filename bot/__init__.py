"""Tipjar core: platform-neutral rules for capturing, asking and curating tips."""
