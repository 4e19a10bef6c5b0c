"""HTML views of the core register, split by area."""
