"""The HTML routes of the dialogues app (mounted at the site root by crm.urls; each module names full paths:
conferences/…, actions/…, questions/…, legal-documents/…, portal/conferences/…, portal/questions/…, rate/…,
public/…, question-bank/…, question-bank-entries/…)."""

from dialogues.views import (
    actions,
    bank,
    conferences,
    deadlines,
    legal,
    portal,
    portal_questions,
    public,
    public_bank,
    questions,
    ratings,
)

urlpatterns = [
    *conferences.urlpatterns,
    *actions.urlpatterns,
    *questions.urlpatterns,
    *legal.urlpatterns,
    *deadlines.urlpatterns,
    *portal.urlpatterns,
    *portal_questions.urlpatterns,
    *ratings.urlpatterns,
    *public.urlpatterns,
    *bank.urlpatterns,
    *public_bank.urlpatterns,
]
