"""The one-time rating link sent with an answer (`/rate/<token>/`): no login; it shows the question and the answer,
takes a score from 1 to 5 and a comment, then thanks. A used, expired or unknown link gets a page that says what to do
(400 / 404, never a 500). POSTs are limited per address so the page cannot be used to hammer tokens."""

from django.conf import settings
from django.core.cache import cache
from django.db.models import Prefetch
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from crm.errors import DomainError
from dialogues.forms.portal_questions import RatingForm
from dialogues.models import Answer, Citation, Rating
from dialogues.services import questions as services

# At most this many attempts (rating POSTs and unknown links) from one address per window; a person rates a handful
# of answers at most. Kept in the cache, so the count is per cache (per process with the default local memory one).
DEFAULT_LIMIT = 30
WINDOW_SECONDS = 60 * 60


def _address(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _over_limit(request) -> bool:
    """Count this attempt against the address; True when it is over the limit for the window."""
    key = f"rating-link-attempts:{_address(request)}"
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS)
        count = 1
    return count > getattr(settings, "QUESTION_RATING_ATTEMPT_LIMIT", DEFAULT_LIMIT)


def _too_many(request):
    message = _("Too many attempts from your network. Please try again in an hour.")
    return render(request, "dialogues/ratings/invalid.html", {"message": message}, status=429)


def _invalid(request, token: str, message: str):
    """The page for an unusable link: 404 for an unknown one (counted as an attempt), 400 for a used or expired
    one."""
    if Rating.objects.filter(token=token).exists():
        return render(request, "dialogues/ratings/invalid.html", {"message": message}, status=400)
    if request.method != "POST" and _over_limit(request):
        return _too_many(request)
    return render(request, "dialogues/ratings/invalid.html", {"message": message}, status=404)


@never_cache
def rate_link(request, token):
    if request.method == "POST" and _over_limit(request):
        return _too_many(request)
    try:
        rating = services.rating_for_token(token)
    except DomainError as exc:
        return _invalid(request, token, exc.message)
    posted = request.method == "POST"
    form = RatingForm(request.POST if posted else None)
    if posted and form.is_valid():
        try:
            rating = services.rate_by_token(
                token=token, score=form.cleaned_data["score"], comment=form.cleaned_data["comment"]
            )
        except DomainError as exc:
            if exc.field != "score":
                return _invalid(request, token, exc.message)
            form.add_error("score", exc.message)
        else:
            return render(request, "dialogues/ratings/thanks.html", {"rating": rating})
    answer = Answer.objects.prefetch_related(
        Prefetch("citations", queryset=Citation.objects.select_related("document"))
    ).get(pk=rating.answer_id)
    context = {"rating": rating, "question": rating.question, "answer": answer, "form": form}
    return render(request, "dialogues/ratings/link.html", context)


urlpatterns = [
    path("rate/<str:token>/", rate_link, name="question-rate-link"),
]
