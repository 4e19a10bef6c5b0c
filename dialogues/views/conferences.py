"""HTML pages of the dialogues app: conferences."""

urlpatterns: list = []
