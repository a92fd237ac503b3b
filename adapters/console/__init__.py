"""A terminal chat: type as a user in a channel, react to numbered messages, /tip and /ask."""
