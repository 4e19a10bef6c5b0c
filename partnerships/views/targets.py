"""HTML pages of the partnerships app: targets."""

urlpatterns: list = []
