"""The REST API of the core register (serializers, permissions, viewsets)."""
