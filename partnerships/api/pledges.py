"""API of the partnerships app: pledges."""


def register(router) -> None:
    """Add this module's viewsets to the one API router."""
