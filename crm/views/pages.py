"""Landing pages: home (staff go to their work, portal users to the portal) and the health check."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.models import Count, Q
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render

from crm import access, selectors


@login_required
def home(request):
    if access.is_staff_member(request.user):
        return redirect("enterprise-list")
    if access.portal_enterprise_id(request.user) is not None:
        return redirect("portal-home")
    return render(request, "crm/no_access.html", status=403)


@login_required
def portal_home(request):
    """What a portal user sees of their own enterprise: its details, open questions, conferences, agreements and
    pledges (a fixed number of queries; nothing staff-only). This page composes the apps built on crm, so it
    imports them here rather than at module level."""
    from dialogues.models import OPEN_FOR_REGISTRATION, QUESTION_OPEN, Question, QuestionStatus
    from dialogues.views.portal import portal_conferences
    from dialogues.views.portal_questions import portal_status
    from partnerships.models import Agreement, AgreementParty, AgreementStatus, Pledge

    enterprise_id = access.portal_enterprise_id(request.user)
    enterprise = selectors.enterprise_detail_visible_to(request.user).filter(pk=enterprise_id).first()
    if enterprise is None:
        raise Http404
    questions = Question.objects.visible_to(request.user)
    counts = questions.aggregate(
        open=Count("pk", filter=Q(status__in=QUESTION_OPEN)),
        waiting=Count("pk", filter=Q(status=QuestionStatus.AWAITING_ENTERPRISE)),
        total=Count("pk"),
    )
    open_questions = list(
        questions.open()
        .only("id", "reference", "title", "status", "received_at", "due_on")
        .order_by("-received_at", "-id")[:5]
    )
    for question in open_questions:
        question.portal_label, question.portal_badge = portal_status(question.status)
    conferences = list(
        portal_conferences(request.user).filter(status__in=OPEN_FOR_REGISTRATION).order_by("starts_at", "id")[:5]
    )
    # Agreements the enterprise signs, once customs has put them to it (drafts and internal review are staff-only).
    agreements = list(
        Agreement.objects.filter(
            pk__in=AgreementParty.objects.filter(enterprise_id=enterprise_id).values("agreement_id")
        )
        .exclude(status__in=(AgreementStatus.DRAFT, AgreementStatus.INTERNAL_REVIEW))
        .select_related("branch")
        .only("id", "doc_number", "title", "kind", "status", "effective_from", "expires_on", "branch__name_vi")
        .order_by("-effective_from", "-id")[:10]
    )
    pledges = list(
        Pledge.objects.filter(enterprise_id=enterprise_id)
        .select_related("campaign")
        .only("id", "status", "signed_on", "campaign__name", "campaign__kind")
        .order_by("-signed_on", "-id")[:10]
    )
    context = {
        "enterprise": enterprise,
        "question_counts": counts,
        "open_questions": open_questions,
        "conferences": conferences,
        "agreements": agreements,
        "pledges": pledges,
    }
    return render(request, "crm/portal_home.html", context)


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
