"""HTML pages of the partnerships app: programmes."""

urlpatterns: list = []
