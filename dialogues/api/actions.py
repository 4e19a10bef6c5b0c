"""API of the dialogues app: actions."""


def register(router) -> None:
    """Add this module's viewsets to the one API router."""
