"""The public question bank (no login): browse by category, most viewed and recently updated, search, an entry's
permalink page with its legal basis, "was this helpful?" and related entries."""

urlpatterns: list = []
