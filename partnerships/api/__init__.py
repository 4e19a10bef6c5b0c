"""DRF serializers and viewsets of the partnerships app, one module per topic; each registers on the one router."""
