"""Business actions on the core register. Each function is one thing a user or a job does."""
