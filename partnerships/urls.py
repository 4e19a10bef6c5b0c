"""The HTML routes of the partnerships app (mounted under /partnerships/ by crm.urls)."""

from partnerships.views import agreements, pledges, programmes, statistics, targets

urlpatterns = [
    *agreements.urlpatterns,
    *pledges.urlpatterns,
    *programmes.urlpatterns,
    *targets.urlpatterns,
    *statistics.urlpatterns,
]
