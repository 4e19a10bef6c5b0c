"""API of the partnerships app: targets."""


def register(router) -> None:
    """Add this module's viewsets to the one API router."""
