"""HTML forms, split by area."""
