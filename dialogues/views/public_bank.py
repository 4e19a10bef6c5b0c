"""The public question bank (no login): browse by category, most viewed and recently updated, search, an entry's
permalink page with its legal basis, "was this helpful?" and related entries.

Only the published snapshot is read (`selectors.public_bank_entries()`): never the working texts, who wrote or
approved an entry, the questions it answers or their enterprises. Searches are limited per network address
(QUESTION_BANK_SEARCHES_PER_MINUTE, counted in the cache); votes by the service (QUESTION_BANK_VOTES_PER_HOUR).
A visitor is a random id in the long-lived `qb_visitor` cookie (a signed-in user: their account), stored hashed."""

import hashlib
import hmac
import re
import secrets

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.text import Truncator, slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crm.text import search_key
from crm.views.portal_accounts import client_ip
from dialogues import search, selectors
from dialogues.models import BankEntry, QuestionCategory
from dialogues.services import bank
from dialogues.services.bank import RateLimited

PAGE_SIZE = 20
SHORT_LIST = 10  # entries in "Most viewed" and "Recently updated"
LANGUAGES = ("vi", "en")

VISITOR_COOKIE = "qb_visitor"
VISITOR_COOKIE_AGE = 2 * 365 * 24 * 60 * 60
VISITOR_ID = re.compile(r"[A-Za-z0-9_-]{16,64}")
VIEW_WINDOW_SECONDS = 60 * 60  # a visitor's views of one entry count once an hour
SEARCH_WINDOW_SECONDS = 60


# ------------------------------------------------------------------------------------------------------ helpers


def entry_slug(entry: BankEntry) -> str:
    """The readable part of the permalink, from the published question (Vietnamese first), without diacritics."""
    question = entry.public_question_vi or entry.public_question_en
    return slugify(search_key(question)[:80]) or "entry"


def entry_url(entry: BankEntry) -> str:
    return reverse("public-bank-entry", args=[entry.pk, entry_slug(entry)])


def present(entry: BankEntry, language: str, query: search.ParsedQuery | None = None) -> BankEntry:
    """Attach what a list shows: the published text in `language` (or the other one), its permalink and, for a
    query, the question highlighted and a highlighted snippet of the answer."""
    entry.shown_question, entry.shown_answer, entry.shown_language = entry.public_text(language)
    entry.url = entry_url(entry)
    if query is not None:
        entry.highlighted = search.highlight(entry.shown_question, query)
        entry.snippet = search.snippet(entry.shown_answer, query)
    return entry


def visitor_hash(value: str) -> str:
    """A keyed hash (HMAC-SHA256 with the secret key) of a visitor id or an address: stored with votes, it cannot be
    reversed by trying every IPv4 address without the key."""
    return hmac.new(settings.SECRET_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()


def _address(request) -> str:
    """The visitor's network address (behind the trusted proxies), hashed."""
    return visitor_hash(client_ip(request) or request.META.get("REMOTE_ADDR", "") or "unknown")


def _visitor(request) -> tuple[str, str | None]:
    """(the visitor's hashed id, a new cookie value to set or None). Signed-in users are their account; anyone else
    the random id of their cookie, made on the first visit."""
    if request.user.is_authenticated:
        return visitor_hash(f"user:{request.user.pk}"), None
    raw = request.COOKIES.get(VISITOR_COOKIE, "")
    if VISITOR_ID.fullmatch(raw):
        return visitor_hash(f"visitor:{raw}"), None
    raw = secrets.token_urlsafe(24)
    return visitor_hash(f"visitor:{raw}"), raw


def _keep_visitor(response, new_id: str | None):
    if new_id:
        response.set_cookie(
            VISITOR_COOKIE,
            new_id,
            max_age=VISITOR_COOKIE_AGE,
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response


def _count_view(entry: BankEntry, visitor: str) -> None:
    """Count the view once per visitor and hour (reloads and back-and-forth browsing do not inflate it)."""
    if cache.add(f"qb-view:{entry.pk}:{visitor}", 1, VIEW_WINDOW_SECONDS):
        bank.record_view(entry)


def _over_search_limit(request) -> bool:
    """Count this search against the address; True when it is over QUESTION_BANK_SEARCHES_PER_MINUTE."""
    key = f"qb-searches:{_address(request)}"
    cache.add(key, 0, SEARCH_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, SEARCH_WINDOW_SECONDS)
        count = 1
    return count > settings.QUESTION_BANK_SEARCHES_PER_MINUTE


def _too_many(request, message: str, minutes: int):
    context = {"message": message, "retry_minutes": minutes}
    return render(request, "429.html", context, status=429)


def _with_query(url: str, request) -> str:
    return f"{url}?{request.GET.urlencode()}" if request.GET else url


def _categories() -> list[dict]:
    counts = selectors.bank_category_counts()
    return [
        {"value": value, "label": label, "count": counts[value]}
        for value, label in QuestionCategory.choices
        if counts.get(value)
    ]


def _branch_name(branch, language: str) -> str:
    return branch.name_en if language == "en" and branch.name_en else branch.name_vi


# ---------------------------------------------------------------------------------------------------------- pages


def bank_home(request):
    """Search (GET `q`, limited per address), a category's entries (`category`), or the start page: categories with
    their counts, the most viewed and the recently updated entries."""
    text = (request.GET.get("q") or "").strip()[: search.MAX_QUERY_LENGTH]
    category = request.GET.get("category", "")
    if category not in QuestionCategory.values:
        category = ""
    if text and _over_search_limit(request):
        return _too_many(request, _("Too many searches from your network in a minute."), minutes=1)

    language = get_language()
    entries = selectors.public_bank_entries()
    if category:
        entries = entries.filter(public_category=category)
    context = {
        "q": text,
        "category": category,
        "category_label": QuestionCategory(category).label if category else "",
        "categories": _categories(),
        "category_choices": QuestionCategory.choices,
    }
    if text:
        query = search.parse(text)
        page = search.CappedPaginator(search.search(entries, text), PAGE_SIZE).get_page(request.GET.get("page"))
        for entry in page.object_list:
            present(entry, language, query)
        context.update(page_obj=page, results=page.object_list, searching=True)
    elif category:
        page = Paginator(entries.order_by("-view_count", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
        for entry in page.object_list:
            present(entry, language)
        context.update(page_obj=page, results=page.object_list)
    else:
        context["most_viewed"] = [present(e, language) for e in entries.order_by("-view_count", "-id")[:SHORT_LIST]]
        context["recent"] = [present(e, language) for e in entries.order_by("-published_at", "-id")[:SHORT_LIST]]
    context["total"] = sum(c["count"] for c in context["categories"])
    return render(request, "dialogues/public/bank/home.html", context)


def entry_short(request, pk):
    """/question-bank/<id>/ → the permalink."""
    entry = get_object_or_404(selectors.public_bank_entries(), pk=pk)
    return HttpResponsePermanentRedirect(_with_query(entry_url(entry), request))


def entry_detail(request, pk, slug):
    entry = get_object_or_404(selectors.public_bank_entry(), pk=pk)
    canonical = entry_url(entry)
    if slug != entry_slug(entry):
        return HttpResponsePermanentRedirect(_with_query(canonical, request))
    page_language = get_language()
    wanted = request.GET.get("language")
    question, answer, shown = entry.public_text(wanted if wanted in LANGUAGES else page_language)

    visitor, new_id = _visitor(request)
    _count_view(entry, visitor)
    related = [present(e, page_language) for e in selectors.related_bank_entries(entry)]
    heading = Truncator(question.strip().split("\n", 1)[0]).chars(160)
    context = {
        "entry": entry,
        "heading": heading,
        "question_more": question if question.strip() != heading else "",
        "answer": answer,
        "shown_language": shown,
        "languages": entry.languages,
        "canonical": request.build_absolute_uri(canonical),
        "entry_url": canonical,
        "unit_name": _branch_name(entry.branch, page_language),
        "citations": entry.public_citations.all(),
        "related": related,
    }
    return _keep_visitor(render(request, "dialogues/public/bank/entry.html", context), new_id)


@require_POST
def entry_vote(request, pk):
    """ "Was this helpful?": yes or no, once per visitor. htmx gets the box back; without JavaScript, the entry page
    with a message."""
    entry = get_object_or_404(selectors.public_bank_entries(), pk=pk)
    answer = request.POST.get("helpful")
    if answer not in ("yes", "no"):
        return _vote_reply(request, entry, _("Choose “Yes” or “No”."), status=400, level=messages.ERROR)
    visitor, new_id = _visitor(request)
    try:
        counted = bank.vote(entry=entry, visitor=visitor, address=_address(request), helpful=answer == "yes")
    except RateLimited as exc:
        if request.htmx:
            return _vote_reply(request, entry, exc.message, status=429, level=messages.ERROR)
        return _too_many(request, exc.message, minutes=60)
    if counted:
        message, level = _("Thank you for your answer: it helps us improve the question bank."), messages.SUCCESS
    else:
        message, level = _("You already answered for this entry; thank you."), messages.INFO
    return _keep_visitor(_vote_reply(request, entry, message, level=level), new_id)


def _vote_reply(request, entry: BankEntry, message: str, *, level: int, status: int = 200):
    if request.htmx:
        context = {"entry": entry, "vote_message": message, "vote_level": messages.DEFAULT_TAGS[level]}
        return render(request, "dialogues/public/bank/_vote.html", context, status=status)
    messages.add_message(request, level, message)
    return redirect(f"{entry_url(entry)}#helpful")


urlpatterns = [
    path("question-bank/", bank_home, name="public-bank"),
    path("question-bank/<int:pk>/", entry_short, name="public-bank-entry-short"),
    path("question-bank/<int:pk>-<slug:slug>/", entry_detail, name="public-bank-entry"),
    path("question-bank/<int:pk>/vote/", entry_vote, name="public-bank-vote"),
]
