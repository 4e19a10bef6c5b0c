"""HTML pages of the dialogues app: portal."""

urlpatterns: list = []
