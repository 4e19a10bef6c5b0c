"""API of the dialogues app: conferences."""


def register(router) -> None:
    """Add this module's viewsets to the one API router."""
