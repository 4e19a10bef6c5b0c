"""HTML pages of the dialogues app: actions."""

urlpatterns: list = []
