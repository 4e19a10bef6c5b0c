"""The question bank API: `question-bank` (public, read-only: list, `?q=` search, detail, `suggest`, `vote`,
`deflect`) and `question-bank-entries` (staff: entries and their actions).

The public resource needs no login (a signed-in caller is still authenticated) and reads only through
`selectors.public_bank_entries()`: the published texts of live entries, never the working texts, who wrote or approved
an entry, the questions it answers or their enterprises. Unpublished entries are a 404. Searches, suggestions and reads
are throttled per address (per user when signed in), votes by the service (per network address an hour).

The staff resource follows the questions API: the role first (portal users 403, anonymous 401), then the scoped
queryset (out of scope → 404), then the body (400), then the service's rules (400; 403 where a role is missing or the
submitter tries to give the second approval).
"""

import django_filters
from django.core.cache import cache
from django.db.models import Prefetch, Q
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle

from crm import access
from crm.api.exports import ExportMixin
from crm.api.pagination import PageNumberPagination
from crm.api.permissions import IsStaffMember
from crm.api.serializers import ScopedFieldsMixin
from crm.models import Branch
from crm.views.portal_accounts import client_ip
from dialogues import search, selectors
from dialogues.api.questions import CitationInputSerializer, LegalCitationSerializer, QuestionCategoryField
from dialogues.exports import BANK_ENTRY_COLUMNS
from dialogues.models import BankEntry, BankStatus, Question, QuestionCategory
from dialogues.services import bank as services
from dialogues.views.public_bank import VIEW_WINDOW_SECONDS, VISITOR_COOKIE, VISITOR_ID, entry_slug, visitor_hash
from partnerships.api.programmes import enum_field
from partnerships.filters import SubtreeFilter

BankStatusField = enum_field(
    "BankEntryStatusEnum", BankStatus.choices, "Status of a question bank entry (draft → … → archived)."
)
# The service's move names → the API route taking the move (POST /api/v1/question-bank-entries/{id}/<route>/);
# `edit` means PATCH is allowed.
ROUTE_OF_MOVE = {
    "edit": "edit",
    "submit": "submit",
    "return": "return",
    "approve": "approve",
    "publish": "publish",
    "mark_reviewed": "mark-reviewed",
    "archive": "archive",
}
BankActionField = enum_field(
    "BankEntryActionEnum", [(route, route) for route in ROUTE_OF_MOVE.values()], "A move on a question bank entry."
)
LanguageField = enum_field("BankLanguageEnum", [("vi", "Tiếng Việt"), ("en", "English")], "Language of a text.")
ORDERINGS = [("relevance", "relevance"), ("popular", "popular"), ("recent", "recent")]
PUBLIC_ORDER = {"popular": ("-view_count", "-id"), "recent": ("-published_at", "-id")}
SUGGESTIONS = 5


def entry_path(entry: BankEntry) -> str:
    """The public HTML page of the entry (its permalink)."""
    slug = entry_slug(entry)
    try:
        return reverse("public-bank-entry", kwargs={"pk": entry.pk, "slug": slug})
    except NoReverseMatch:
        return f"/question-bank/{entry.pk}-{slug}/"


def request_language(request, wanted: str = "") -> str:
    """`?language=` when given, else the request's language (Vietnamese unless it is English)."""
    language = wanted or translation.get_language() or "vi"
    return "en" if language.startswith("en") else "vi"


def visitor_key(request) -> str:
    """Who votes, hashed as the public pages do: the user when signed in, else the pages' visitor cookie, else the
    session, else the address and browser."""
    if request.user.is_authenticated:
        return visitor_hash(f"user:{request.user.pk}")
    cookie = request.COOKIES.get(VISITOR_COOKIE, "")
    if VISITOR_ID.fullmatch(cookie):
        return visitor_hash(f"visitor:{cookie}")
    session_key = getattr(getattr(request, "session", None), "session_key", None)
    if session_key:
        return visitor_hash(f"session:{session_key}")
    return visitor_hash(f"client:{_client_address(request)}|{request.META.get('HTTP_USER_AGENT', '')}")


def _client_address(request) -> str:
    return client_ip(request) or request.META.get("REMOTE_ADDR", "") or "unknown"


def address_key(request) -> str:
    """The network address, hashed (the service caps votes per address)."""
    return visitor_hash(_client_address(request))


def count_view(request, entry: BankEntry) -> None:
    """Count a read once per visitor and hour (the public pages' cache key: reading both counts once)."""
    if cache.add(f"qb-view:{entry.pk}:{visitor_key(request)}", 1, VIEW_WINDOW_SECONDS):
        services.record_view(entry)
        entry.view_count += 1


# --- Public serializers -------------------------------------------------------------------------------------------


class PublicBranchSerializer(serializers.Serializer):
    code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)


class PublicCitationSerializer(serializers.Serializer):
    number = serializers.CharField(source="document.number", read_only=True)
    doc_type = serializers.CharField(source="document.doc_type", read_only=True)
    title = serializers.CharField(source="document.title", read_only=True)
    status = serializers.CharField(source="document.status", read_only=True)
    url = serializers.CharField(source="document.url", read_only=True)
    article = serializers.CharField(read_only=True)


class PublicBankEntrySerializer(serializers.Serializer):
    """An entry as anyone may read it: the published text in the wanted language (the other one when missing).
    `question_highlighted` and `snippet` are HTML (escaped, the words matched by `q` in <mark>)."""

    id = serializers.IntegerField(read_only=True)
    url = serializers.SerializerMethodField(help_text=gettext_lazy("The permalink of the public page (a path)."))
    category = QuestionCategoryField(source="public_category", read_only=True)
    category_label = serializers.SerializerMethodField(help_text=gettext_lazy("In the language asked for."))
    tags = serializers.ListField(source="public_tags", child=serializers.CharField(), read_only=True)
    question = serializers.SerializerMethodField()
    answer = serializers.SerializerMethodField()
    question_highlighted = serializers.SerializerMethodField()
    snippet = serializers.SerializerMethodField()
    language = serializers.SerializerMethodField(help_text=gettext_lazy("The language of the text shown."))
    languages = serializers.ListField(child=LanguageField(), read_only=True)
    branch = serializers.SerializerMethodField()
    first_published_at = serializers.DateTimeField(read_only=True)
    published_at = serializers.DateTimeField(read_only=True, help_text=gettext_lazy("Last approved or reviewed."))
    needs_update = serializers.SerializerMethodField(
        help_text=gettext_lazy("A legal basis changed or the review is overdue: the answer is being checked.")
    )
    needs_update_reason = serializers.SerializerMethodField()
    view_count = serializers.IntegerField(read_only=True)
    helpful_count = serializers.IntegerField(read_only=True)
    unhelpful_count = serializers.IntegerField(read_only=True)

    def get_needs_update_reason(self, entry) -> str:
        with translation.override(self.context.get("language", "vi")):
            return entry.outdated_notice

    def _text(self, entry) -> tuple[str, str, str]:
        return entry.public_text(self.context.get("language", "vi"))

    def _query(self):
        return self.context.get("query") or search.parse("")

    def get_url(self, entry) -> str:
        return entry_path(entry)

    def get_category_label(self, entry) -> str:
        with translation.override(self.context.get("language", "vi")):
            return str(entry.get_public_category_display())

    def get_question(self, entry) -> str:
        return self._text(entry)[0]

    def get_answer(self, entry) -> str:
        return self._text(entry)[1]

    def get_question_highlighted(self, entry) -> str:
        return str(search.highlight(self._text(entry)[0], self._query()))

    def get_snippet(self, entry) -> str:
        return str(search.snippet(self._text(entry)[1], self._query()))

    @extend_schema_field(LanguageField())
    def get_language(self, entry) -> str:
        return self._text(entry)[2]

    @extend_schema_field(PublicBranchSerializer())
    def get_branch(self, entry) -> dict:
        branch = entry.branch
        name = branch.name_en if self._text(entry)[2] == "en" and branch.name_en else branch.name_vi
        return {"code": branch.code, "name": name}

    def get_needs_update(self, entry) -> bool:
        return entry.outdated_since is not None


class PublicBankEntryDetailSerializer(PublicBankEntrySerializer):
    citations = PublicCitationSerializer(source="public_citations", many=True, read_only=True)


class PublicSuggestionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    question = serializers.CharField()
    snippet = serializers.CharField(help_text=gettext_lazy("HTML: the answer's start or the matched words in <mark>."))
    url = serializers.CharField()


class PublicListQuerySerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, help_text=gettext_lazy("Words, without diacritics."))
    category = QuestionCategoryField(required=False, allow_blank=True)
    ordering = serializers.ChoiceField(
        choices=ORDERINGS,
        required=False,
        allow_blank=True,
        help_text=gettext_lazy("Default: relevance when searching, else popular (most viewed)."),
    )
    language = LanguageField(required=False, allow_blank=True, help_text=gettext_lazy("Default: the request's."))


class PublicLanguageQuerySerializer(serializers.Serializer):
    language = LanguageField(required=False, allow_blank=True, help_text=gettext_lazy("Default: the request's."))


class PublicSuggestQuerySerializer(PublicLanguageQuerySerializer):
    q = serializers.CharField(
        required=False, allow_blank=True, help_text=gettext_lazy("The question being typed; empty → no suggestions.")
    )


class VoteSerializer(serializers.Serializer):
    helpful = serializers.BooleanField(help_text=gettext_lazy("Was this entry helpful?"))


class VoteResultSerializer(serializers.Serializer):
    counted = serializers.BooleanField(help_text=gettext_lazy("False when this visitor had already answered."))
    helpful_count = serializers.IntegerField()
    unhelpful_count = serializers.IntegerField()


class DeflectSerializer(serializers.Serializer):
    query = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, help_text=gettext_lazy("What the enterprise had typed.")
    )


class DeflectionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    entry = serializers.IntegerField(source="entry_id")
    at = serializers.DateTimeField()


# --- Public viewset -----------------------------------------------------------------------------------------------


class QuestionBankThrottle(ScopedRateThrottle):
    """Per user when signed in, else per client address (proxies counted as in crm: X-Forwarded-For is trusted
    only for TRUSTED_PROXY_HOPS). The rate is read on every request, so a changed setting applies at once."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_ident(self, request):
        return client_ip(request) or request.META.get("REMOTE_ADDR", "")


class IsPortalUser(permissions.BasePermission):
    """Enterprise portal users only (staff 403; anonymous callers 401)."""

    def has_permission(self, request, view):
        return access.portal_enterprise_id(request.user) is not None


class PublicPagination(PageNumberPagination):
    """20 per page; a search counts its matches up to 1,000 (dialogues.search.CappedPaginator)."""

    page_size = 20
    django_paginator_class = search.CappedPaginator


class QuestionBankViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The public question bank (no login)."""

    permission_classes = [permissions.AllowAny]
    throttle_scope = "question_bank"
    pagination_class = PublicPagination
    filter_backends = []
    serializer_class = PublicBankEntrySerializer

    def get_throttles(self):
        if self.action in ("list", "retrieve", "suggest"):
            return [QuestionBankThrottle()]
        return []

    def get_permissions(self):
        if self.action == "deflect":
            return [IsPortalUser()]
        return super().get_permissions()

    def get_queryset(self):
        if self.action == "retrieve":
            return selectors.public_bank_entry()
        return selectors.public_bank_entries()

    def get_serializer_class(self):
        return PublicBankEntryDetailSerializer if self.action == "retrieve" else PublicBankEntrySerializer

    def _params(self, serializer_class) -> dict:
        params = serializer_class(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        return params.validated_data

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["language"] = request_language(self.request, self.request.query_params.get("language", ""))
        return context

    @extend_schema(
        summary="Published entries (no login): browse by category, most viewed, recently updated, or search `q`",
        parameters=[PublicListQuerySerializer],
    )
    def list(self, request, *args, **kwargs):
        params = self._params(PublicListQuerySerializer)
        text = params.get("q", "")
        rows = self.get_queryset()
        if params.get("category"):
            rows = rows.filter(public_category=params["category"])
        ordering = params.get("ordering") or ("relevance" if text else "popular")
        if text:
            rows = search.search(rows, text)
        if ordering in PUBLIC_ORDER:
            rows = rows.order_by(*PUBLIC_ORDER[ordering])
        elif not text:
            rows = rows.order_by(*PUBLIC_ORDER["popular"])
        context = {**self.get_serializer_context(), "query": search.parse(text)}
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(PublicBankEntrySerializer(page, many=True, context=context).data)

    @extend_schema(
        summary="One published entry with its legal basis (no login; counts a view once per visitor and hour)",
        parameters=[PublicLanguageQuerySerializer],
    )
    def retrieve(self, request, *args, **kwargs):
        self._params(PublicLanguageQuerySerializer)
        entry = self.get_object()
        count_view(request, entry)
        return Response(PublicBankEntryDetailSerializer(entry, context=self.get_serializer_context()).data)

    @extend_schema(
        summary="Entries like a question being typed (as-you-type suggestions, at most 5)",
        parameters=[PublicSuggestQuerySerializer],
        responses=PublicSuggestionSerializer(many=True),
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def suggest(self, request):
        params = self._params(PublicSuggestQuerySerializer)
        text = params.get("q", "")
        if not text.strip():
            return Response([])
        language = request_language(request, params.get("language", ""))
        query = search.parse(text)
        rows = []
        for entry in search.suggest(self.get_queryset(), text)[:SUGGESTIONS]:
            question, answer, _language = entry.public_text(language)
            rows.append(
                {
                    "id": entry.pk,
                    "question": question,
                    "snippet": search.snippet(answer, query),
                    "url": entry_path(entry),
                }
            )
        return Response(PublicSuggestionSerializer(rows, many=True).data)

    @extend_schema(
        summary='"Was this helpful?" (counted once per visitor; votes per address are limited)',
        request=VoteSerializer,
        responses={
            200: VoteResultSerializer,
            429: OpenApiResponse(description="Too many votes from this network address; try again later."),
        },
    )
    @action(detail=True, methods=["post"])
    def vote(self, request, pk=None):
        entry = self.get_object()
        payload = VoteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            counted = services.vote(
                entry=entry,
                visitor=visitor_key(request),
                address=address_key(request),
                helpful=payload.validated_data["helpful"],
            )
        except services.RateLimited as exc:
            return Response({"detail": exc.message}, status=status.HTTP_429_TOO_MANY_REQUESTS)
        counts = BankEntry.objects.filter(pk=entry.pk).values("helpful_count", "unhelpful_count").get()
        return Response(VoteResultSerializer({"counted": counted, **counts}).data)

    @extend_schema(
        summary="This entry answered my question: nothing is submitted (enterprise portal users)",
        request=DeflectSerializer,
        responses={201: DeflectionSerializer},
    )
    @action(detail=True, methods=["post"])
    def deflect(self, request, pk=None):
        entry = self.get_object()
        payload = DeflectSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        deflection = services.record_deflection(
            entry=entry, by=request.user, query=payload.validated_data.get("query", "")
        )
        return Response(DeflectionSerializer(deflection).data, status=status.HTTP_201_CREATED)


# --- Staff serializers --------------------------------------------------------------------------------------------


class LinkedQuestionSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    reference = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)


class FlagSerializer(serializers.Serializer):
    kind = serializers.CharField(read_only=True)
    label = serializers.CharField(read_only=True)
    text = serializers.CharField(read_only=True, help_text=gettext_lazy("The detail found in the text."))
    field = serializers.CharField(read_only=True, help_text=gettext_lazy("The working text it was found in."))
    start = serializers.IntegerField(read_only=True)
    end = serializers.IntegerField(read_only=True)


class BankEntrySerializer(serializers.ModelSerializer):
    """A row of the staff list: the working texts, the workflow and the counts."""

    status = BankStatusField(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    category = QuestionCategoryField(read_only=True)
    category_label = serializers.CharField(source="get_category_display", read_only=True)
    branch_code = serializers.CharField(source="branch.code", read_only=True)
    branch_name = serializers.CharField(source="branch.name_vi", read_only=True)
    submitted_by_name = serializers.CharField(source="submitted_by.display_name", read_only=True, default=None)
    approved_by_name = serializers.CharField(source="approved_by.display_name", read_only=True, default=None)
    needs_update = serializers.SerializerMethodField()
    citations = LegalCitationSerializer(many=True, read_only=True)
    questions = LinkedQuestionSerializer(source="visible_questions", many=True, read_only=True)
    allowed_actions = serializers.SerializerMethodField(
        help_text=gettext_lazy(
            "What the caller may do now: POST /api/v1/question-bank-entries/{id}/<name>/ (`edit`: PATCH)."
        )
    )

    class Meta:
        model = BankEntry
        fields = [
            "id",
            "title",
            "branch",
            "branch_code",
            "branch_name",
            "category",
            "category_label",
            "tags",
            "status",
            "status_label",
            "live",
            "question_vi",
            "answer_vi",
            "question_en",
            "answer_en",
            "submitted_by",
            "submitted_by_name",
            "submitted_at",
            "flags_acknowledged",
            "review_note",
            "approved_by",
            "approved_by_name",
            "approved_at",
            "first_published_at",
            "published_at",
            "review_due_on",
            "needs_update",
            "outdated_since",
            "outdated_reason",
            "archived_at",
            "view_count",
            "helpful_count",
            "unhelpful_count",
            "citations",
            "questions",
            "allowed_actions",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_needs_update(self, entry) -> bool:
        return entry.outdated_since is not None

    @extend_schema_field(serializers.ListField(child=BankActionField()))
    def get_allowed_actions(self, entry) -> list[str]:
        return [ROUTE_OF_MOVE[name] for name in services.allowed_actions(entry, self.context["request"].user)]


class BankEntryDetailSerializer(BankEntrySerializer):
    """One entry for its editors: also what the public reads now, and the identifying details still in the text."""

    public_url = serializers.SerializerMethodField(help_text=gettext_lazy("The public page, once published."))
    languages = serializers.ListField(child=LanguageField(), read_only=True)
    created_by_name = serializers.CharField(source="created_by.display_name", read_only=True, default=None)
    updated_by_name = serializers.CharField(source="updated_by.display_name", read_only=True, default=None)
    flags = serializers.SerializerMethodField()

    class Meta(BankEntrySerializer.Meta):
        fields = [
            *BankEntrySerializer.Meta.fields,
            "public_question_vi",
            "public_answer_vi",
            "public_question_en",
            "public_answer_en",
            "public_url",
            "languages",
            "created_by_name",
            "updated_by_name",
            "flags",
        ]
        read_only_fields = fields

    def get_public_url(self, entry) -> str | None:
        return entry_path(entry) if entry.live else None

    @extend_schema_field(FlagSerializer(many=True))
    def get_flags(self, entry):
        return FlagSerializer(services.flags(entry), many=True).data


class BankEntryWriteSerializer(ScopedFieldsMixin, serializers.Serializer):
    """The working texts (Vietnamese, English or both), category, tags and legal basis."""

    scoped_fields = {
        "branch": lambda user: Branch.objects.visible_to(user),
        "questions": lambda user: Question.objects.visible_to(user),
    }

    branch = serializers.PrimaryKeyRelatedField(
        queryset=Branch.objects.none(),
        required=False,
        help_text=gettext_lazy("The publishing unit: yours (default) or one under it."),
    )
    question_vi = serializers.CharField(required=False, allow_blank=True)
    answer_vi = serializers.CharField(required=False, allow_blank=True)
    question_en = serializers.CharField(required=False, allow_blank=True)
    answer_en = serializers.CharField(required=False, allow_blank=True)
    category = QuestionCategoryField(required=False)
    tags = serializers.ListField(child=serializers.CharField(max_length=100), required=False, max_length=50)
    citations = CitationInputSerializer(many=True, required=False)
    questions = serializers.PrimaryKeyRelatedField(
        queryset=Question.objects.none(),
        many=True,
        required=False,
        help_text=gettext_lazy("Questions of your units this entry answers."),
    )


class BankEntryUpdateSerializer(BankEntryWriteSerializer):
    """A change of a draft or a live entry (a live one starts a revision the public does not see until approved).
    Link questions with `link-questions`."""

    questions = None


class BankSubmitSerializer(serializers.Serializer):
    acknowledge_flags = serializers.BooleanField(
        required=False,
        default=False,
        help_text=gettext_lazy("Confirm the flagged details do not identify a business (they stop the submission)."),
    )


class BankReturnSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=4000, help_text=gettext_lazy("What needs to change."))


class BankLinkQuestionsSerializer(ScopedFieldsMixin, serializers.Serializer):
    scoped_fields = {"questions": lambda user: Question.objects.visible_to(user)}

    questions = serializers.PrimaryKeyRelatedField(
        queryset=Question.objects.none(), many=True, allow_empty=False, help_text=gettext_lazy("Question ids.")
    )


class BankFromQuestionSerializer(ScopedFieldsMixin, serializers.Serializer):
    scoped_fields = {"question": lambda user: Question.objects.visible_to(user)}

    question = serializers.PrimaryKeyRelatedField(
        queryset=Question.objects.none(), help_text=gettext_lazy("An answered question of your units.")
    )


class BankEntryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=gettext_lazy("Question"))
    status = django_filters.MultipleChoiceFilter(choices=BankStatus.choices, label=gettext_lazy("Status"))
    category = django_filters.ChoiceFilter(choices=QuestionCategory.choices, label=gettext_lazy("Category"))
    branch = SubtreeFilter(via="branch", label=gettext_lazy("Publishing unit (with its units)"))
    needs_update = django_filters.BooleanFilter(method="filter_needs_update", label=gettext_lazy("Needs update"))

    class Meta:
        model = BankEntry
        fields = []

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(question_vi__icontains=value) | Q(question_en__icontains=value))

    def filter_needs_update(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(outdated_since__isnull=not value)


# --- Staff viewset ------------------------------------------------------------------------------------------------


def _move_schema(summary: str, request=None, code: int = 200):
    return extend_schema(summary=summary, request=request, responses={code: BankEntryDetailSerializer})


class BankEntryViewSet(
    ExportMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Question bank entries of the caller's units (staff). Status changes only through the actions; no delete."""

    permission_classes = [IsStaffMember]
    filterset_class = BankEntryFilter
    ordering_fields = ["updated_at", "published_at", "view_count", "review_due_on"]
    export_basename = "question-bank-entries"
    export_columns = BANK_ENTRY_COLUMNS

    def _linked(self) -> Prefetch:
        visible = Question.objects.visible_to(self.request.user).only("id", "reference", "title").order_by("-id")
        return Prefetch("questions", queryset=visible, to_attr="visible_questions")

    def get_queryset(self):
        user = self.request.user
        if self.detail:
            return selectors.bank_entry_detail_visible_to(user).prefetch_related(self._linked())
        # The list's allowed_actions compare working and public texts: load them rather than one query per row.
        return (
            selectors.bank_entries_visible_to(user)
            .defer(None)
            .defer("search_key")
            .prefetch_related("citations__document", self._linked())
            .order_by("-updated_at", "-id")
        )

    def filter_queryset(self, queryset):
        if self.detail:
            return queryset
        return super().filter_queryset(queryset)

    def get_serializer_class(self):
        return BankEntrySerializer if self.action == "list" else BankEntryDetailSerializer

    def _payload(self, serializer_class, **kwargs) -> dict:
        payload = serializer_class(data=self.request.data, context=self.get_serializer_context(), **kwargs)
        payload.is_valid(raise_exception=True)
        return dict(payload.validated_data)

    def _fields(self, serializer_class, **kwargs) -> dict:
        data = self._payload(serializer_class, **kwargs)
        if "citations" in data:
            data["citations"] = [(c["document"], c.get("article", "")) for c in data["citations"]]
        return data

    def _detail(self, entry: BankEntry, code: int = status.HTTP_200_OK) -> Response:
        entry = (
            selectors.bank_entry_detail_visible_to(self.request.user).prefetch_related(self._linked()).get(pk=entry.pk)
        )
        return Response(BankEntryDetailSerializer(entry, context=self.get_serializer_context()).data, status=code)

    def _move(self, service, serializer_class=None) -> Response:
        entry = self.get_object()  # out of scope → 404 before the body is read
        data = self._payload(serializer_class) if serializer_class is not None else {}
        return self._detail(service(entry=entry, by=self.request.user, **data))

    @extend_schema(
        summary="Write an entry by hand (a draft)",
        request=BankEntryWriteSerializer,
        responses={201: BankEntryDetailSerializer},
    )
    def create(self, request, *args, **kwargs):
        entry = services.create_entry(by=request.user, **self._fields(BankEntryWriteSerializer))
        return self._detail(entry, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change the working texts, category, tags, legal basis or unit (a live entry: a revision)",
        request=BankEntryUpdateSerializer,
        responses=BankEntryDetailSerializer,
    )
    def partial_update(self, request, *args, **kwargs):
        entry = self.get_object()
        fields = self._fields(BankEntryUpdateSerializer, partial=True)
        return self._detail(services.update_entry(entry=entry, by=request.user, **fields))

    @_move_schema(
        '"Publish to the question bank": a draft pre-filled from an answered question', BankFromQuestionSerializer, 201
    )
    @action(detail=False, methods=["post"], url_path="from-question", url_name="from-question")
    def from_question(self, request):
        data = self._payload(BankFromQuestionSerializer)
        entry = services.create_from_question(question=data["question"], by=request.user)
        return self._detail(entry, status.HTTP_201_CREATED)

    @_move_schema(
        "Send for the second approval (flagged details must be removed or acknowledged)", BankSubmitSerializer
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._move(services.submit, BankSubmitSerializer)

    @_move_schema("Approve and publish (a manager other than the submitter)")
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._move(services.approve)

    @_move_schema("Return to the editor with a note (managers)", BankReturnSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_entry(self, request, pk=None):
        return self._move(services.return_entry, BankReturnSerializer)

    @_move_schema("Publish an archived entry again, unchanged since its approval (managers)")
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        return self._move(services.publish)

    @_move_schema("Take the entry out of the public bank (managers)")
    @action(detail=True, methods=["post"])
    def archive(self, request, pk=None):
        return self._move(services.archive)

    @_move_schema("Confirm the published text is still right: the notice goes, the next review is due (managers)")
    @action(detail=True, methods=["post"], url_path="mark-reviewed", url_name="mark-reviewed")
    def mark_reviewed(self, request, pk=None):
        return self._move(services.mark_reviewed)

    @_move_schema("Record more questions this entry answers", BankLinkQuestionsSerializer)
    @action(detail=True, methods=["post"], url_path="link-questions", url_name="link-questions")
    def link_questions(self, request, pk=None):
        return self._move(services.link_questions, BankLinkQuestionsSerializer)


def register(router) -> None:
    """Add the question bank resources to the one API router."""
    router.register("question-bank", QuestionBankViewSet, basename="question-bank")
    router.register("question-bank-entries", BankEntryViewSet, basename="question-bank-entry")
