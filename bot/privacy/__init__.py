"""Patient data: screening what Tipjar is about to store, and erasing what must go."""
