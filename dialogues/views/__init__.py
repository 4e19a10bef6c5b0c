"""HTML pages of the dialogues app, one module per topic; each lists its own urlpatterns."""
