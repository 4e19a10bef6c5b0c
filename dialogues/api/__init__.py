"""DRF serializers and viewsets of the dialogues app, one module per topic; each registers on the one router."""
