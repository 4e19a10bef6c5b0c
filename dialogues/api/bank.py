"""The question bank API: `question-bank` (public, read-only: list, `?q=` search, detail, `suggest`, `vote`,
`deflect`) and `question-bank-entries` (staff: entries and their actions)."""


def register(router) -> None:
    """Add the question bank resources to the one API router."""
