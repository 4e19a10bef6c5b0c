"""Forms of the partnerships HTML pages, one module per topic."""
