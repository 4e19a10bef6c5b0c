"""Local overrides of Django's locale formats (FORMAT_MODULE_PATH); anything not set here falls back to Django's."""
