"""The runtime around the core: the inbox of platform events, its worker and writer, and the records of what the bot posted and where it may post."""
