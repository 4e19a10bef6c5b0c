"""HTML pages of the partnerships app: agreements."""

urlpatterns: list = []
