"""Staff pages of the question bank: entries of the user's units, writing one from an answered question, the
second approval and publication."""

urlpatterns: list = []
