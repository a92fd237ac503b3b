"""The Slack edge: Bolt wiring, payload translation, Block Kit rendering and the Web API calls."""
