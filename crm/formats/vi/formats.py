"""Vietnamese number formats: Django's vi locale sets the separators but no grouping, so 14500000000000 VND would
print unreadably; group by thousands (14.500.000.000.000)."""

NUMBER_GROUPING = 3
