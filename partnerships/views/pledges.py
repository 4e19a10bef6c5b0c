"""HTML pages of the partnerships app: pledges."""

urlpatterns: list = []
