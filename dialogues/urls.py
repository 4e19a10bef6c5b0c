"""The HTML routes of the dialogues app (mounted at the site root by crm.urls; each module names full paths:
conferences/…, actions/…, portal/conferences/…, public/…)."""

from dialogues.views import actions, conferences, portal, public

urlpatterns = [*conferences.urlpatterns, *actions.urlpatterns, *portal.urlpatterns, *public.urlpatterns]
