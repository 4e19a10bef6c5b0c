"""Forms of the dialogues HTML pages, one module per topic."""
