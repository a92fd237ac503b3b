"""Platform edges: each translates payloads into core commands and renders core replies."""
