"""HTML pages of the dialogues app: public."""

urlpatterns: list = []
