"""HTML pages of the partnerships app, one module per topic; each lists its own urlpatterns."""
