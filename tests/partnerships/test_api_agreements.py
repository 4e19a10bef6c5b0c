"""The agreements API: lists, detail, drafting, every lifecycle move, commitments, reviews, documents and scope."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnerships.models import (
    Agreement,
    AgreementDocument,
    AgreementEvent,
    AgreementStatus,
    Commitment,
    CommitmentStatus,
    DocumentKind,
    ReviewedCommitment,
)
from partnerships.services import agreements as services
from tests import factories
from tests.partnerships.access_agreements_api import (
    PDF_BYTES,
    REVIEWED_ON,
    SIGNED_ON,
    make_agreement,
    pdf_upload,
)

pytestmark = pytest.mark.django_db

S = AgreementStatus
ENT_A = "Công ty TNHH Điện tử Đông Á (2352601817)"


@pytest.fixture
def api(api_for):
    """api("r5_officer") → that persona's API client, answering in English."""

    def make(persona: str):
        client = api_for(persona)
        client.credentials(HTTP_ACCEPT_LANGUAGE="en")
        return client

    return make


def url(agreement, action: str = "") -> str:
    return f"/api/v1/agreements/{agreement.pk}/" + (f"{action}/" if action else "")


def snapshot(agreement) -> tuple:
    """What an illegal or refused request must leave untouched: the status and the history."""
    fresh = Agreement.objects.get(pk=agreement.pk)
    events = list(AgreementEvent.objects.filter(agreement=agreement).order_by("pk").values_list("pk", flat=True))
    return fresh.status, fresh.title, events


# --- List ---------------------------------------------------------------------------------------------------------


def test_the_list_summarises_parties_unit_status_and_health(world, api):
    agreement = make_agreement(world, S.ACTIVE, title="Thỏa thuận hợp tác Đông Á", enterprises=[world.ent_a])
    response = api("r5_officer").get("/api/v1/agreements/")
    assert response.status_code == 200
    assert response.json()["count"] == 1
    row = response.json()["results"][0]
    assert row["id"] == agreement.pk
    assert row["title"] == "Thỏa thuận hợp tác Đông Á"
    assert row["doc_number"] == agreement.doc_number
    assert (row["branch"], row["branch_code"], row["branch_name"]) == (
        world.region5.pk,
        "KV05",
        "Chi cục Hải quan khu vực V",
    )
    assert (row["status"], row["status_display"]) == ("active", "Active")
    assert (row["health"], row["health_display"]) == ("good", "On track")
    assert row["signed_on"] == "2026-01-15"
    assert row["parties"] == [
        {"id": agreement.parties.get().pk, "enterprise": world.ent_a.pk, "association": None, "name": ENT_A}
    ]


def test_health_in_the_list_follows_the_commitment_statuses(world, api):
    make_agreement(world, S.DRAFT, title="Không cam kết", commitments=0)
    make_agreement(world, S.ACTIVE, title="Đúng tiến độ", commitments=2)
    for title, status in (("Cần chú ý", CommitmentStatus.AT_RISK), ("Không đạt", CommitmentStatus.NOT_MET)):
        agreement = make_agreement(world, S.ACTIVE, title=title, commitments=2)
        services.set_commitment_status(commitment=agreement.commitments.first(), by=None, status=status)
    rows = api("r5_officer").get("/api/v1/agreements/").json()["results"]
    assert {row["title"]: row["health"] for row in rows} == {
        "Không cam kết": "none",
        "Đúng tiến độ": "good",
        "Cần chú ý": "attention",
        "Không đạt": "poor",
    }


def test_the_list_runs_the_same_queries_for_one_or_five_agreements(world, api, django_assert_num_queries):
    client = api("r5_officer")
    make_agreement(world, S.DRAFT, enterprises=[world.ent_a, world.ent_b], commitments=3)
    client.get("/api/v1/agreements/")  # warm-up: the membership cached on the user
    with CaptureQueriesContext(connection) as one:
        assert client.get("/api/v1/agreements/").json()["count"] == 1
    for _ in range(4):
        make_agreement(world, S.ACTIVE, enterprises=[world.ent_a, world.ent_b], commitments=3)
    with django_assert_num_queries(len(one)):
        payload = client.get("/api/v1/agreements/").json()
    assert payload["count"] == 5
    assert [len(row["parties"]) for row in payload["results"]] == [2] * 5
    assert len(one) <= 4


def test_the_list_filters_by_status_and_party_and_orders_by_document_number(world, api):
    first = make_agreement(world, S.DRAFT, title="Một")
    second = make_agreement(world, S.ACTIVE, title="Hai", enterprises=[world.ent_b])
    client = api("r5_officer")
    assert [r["title"] for r in client.get("/api/v1/agreements/", {"status": "active"}).json()["results"]] == ["Hai"]
    by_party = client.get("/api/v1/agreements/", {"party": world.ent_a.pk}).json()["results"]
    assert [r["id"] for r in by_party] == [first.pk]
    ordered = client.get("/api/v1/agreements/", {"ordering": "-doc_number"}).json()["results"]
    assert [r["id"] for r in ordered] == [second.pk, first.pk]


def test_the_list_holds_only_the_callers_subtree(world, api):
    make_agreement(world, S.DRAFT, title="Khu vực V")
    make_agreement(world, S.DRAFT, title="Khu vực VI", branch=world.region6, enterprises=[world.ent_r6])
    seen = {
        persona: [row["title"] for row in api(persona).get("/api/v1/agreements/").json()["results"]]
        for persona in ("hq_admin", "r5_officer", "r5_office_officer", "r6_officer")
    }
    assert seen == {
        "hq_admin": ["Khu vực VI", "Khu vực V"],
        "r5_officer": ["Khu vực V"],
        "r5_office_officer": [],
        "r6_officer": ["Khu vực VI"],
    }


def test_a_portal_user_gets_403_on_the_agreement_list(world, api):
    make_agreement(world, S.DRAFT)
    assert api("portal_a").get("/api/v1/agreements/").status_code == 403


# --- Detail -------------------------------------------------------------------------------------------------------


def test_the_detail_holds_parties_commitments_reviews_documents_history_and_allowed_actions(world, api):
    agreement = make_agreement(world, S.UNDER_REVIEW, commitments=2)
    first, second = agreement.commitments.order_by("number")
    services.record_review(
        agreement=agreement,
        by=world.r5_officer,
        reviewed_on=REVIEWED_ON,
        outcome="continue",
        statuses={second.pk: CommitmentStatus.AT_RISK},
    )
    document = services.add_document(agreement=agreement, by=world.r5_officer, file=pdf_upload(), title="Bản ký")
    response = api("r5_officer").get(url(agreement))
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["health"]) == ("active", "attention")
    assert body["parties"] == [
        {
            "id": agreement.parties.get().pk,
            "enterprise": world.ent_a.pk,
            "enterprise_name": "Công ty TNHH Điện tử Đông Á",
            "enterprise_tax_code": "2352601817",
            "association": None,
            "association_name": None,
            "name": ENT_A,
            "signatory_name": "Kim Min-jun",
            "signatory_title": "Tổng giám đốc",
        }
    ]
    assert [(c["number"], c["side"], c["status"]) for c in body["commitments"]] == [
        (1, "business", "on_track"),
        (2, "customs", "at_risk"),
    ]
    [review] = body["reviews"]
    assert (review["reviewed_on"], review["outcome"], review["outcome_display"]) == (
        "2026-06-01",
        "continue",
        "Continue as agreed",
    )
    assert [(s["commitment"], s["number"], s["status"]) for s in review["commitment_statuses"]] == [
        (first.pk, 1, "on_track"),
        (second.pk, 2, "at_risk"),
    ]
    assert body["documents"] == [
        {
            "id": document.pk,
            "kind": "other",
            "kind_display": "Other",
            "title": "Bản ký",
            "size": len(PDF_BYTES),
            "download_url": f"http://testserver/api/v1/agreements/{agreement.pk}/documents/{document.pk}/download/",
            "created_by_name": "r5_officer",
            "created_at": body["documents"][0]["created_at"],
        }
    ]
    assert [event["action"] for event in body["events"]] == [
        "document",
        "record_review",
        "start_review",
        "activate",
        "sign",
        "approve",
        "negotiate",
        "submit",
        "create",
    ]
    assert body["allowed_actions"] == ["start_review", "record_review", "renew", "amend"]
    assert (body["predecessor"], body["successors"]) == (None, [])


def test_a_manager_is_offered_the_manager_only_moves_too(world, api):
    agreement = make_agreement(world, S.ACTIVE)
    assert api("r5_manager").get(url(agreement)).json()["allowed_actions"] == [
        "start_review",
        "record_review",
        "suspend",
        "renew",
        "amend",
        "terminate",
    ]


def test_the_detail_runs_the_same_queries_whatever_the_number_of_related_rows(world, api):
    client = api("r5_officer")
    small = make_agreement(world, S.ACTIVE, commitments=1)
    large = make_agreement(world, S.ACTIVE, commitments=3, enterprises=[world.ent_a, world.ent_b])
    for agreement, reviews, documents in ((small, 1, 1), (large, 3, 3)):
        for month in range(reviews):
            services.record_review(
                agreement=agreement, by=world.r5_officer, reviewed_on=date(2026, 2 + month, 1), outcome="continue"
            )
        for n in range(documents):
            services.add_document(agreement=agreement, by=world.r5_officer, file=pdf_upload(f"scan-{n}.pdf"))
    client.get(url(small))
    with CaptureQueriesContext(connection) as few:
        client.get(url(small))
    with CaptureQueriesContext(connection) as many:
        client.get(url(large))
    assert len(few) == len(many), "\n".join(q["sql"] for q in many.captured_queries)


# --- Create and update ----------------------------------------------------------------------------------------------


def test_creating_an_agreement_with_its_parties(world, api):
    association = factories.AssociationFactory(name_vi="Hiệp hội Doanh nghiệp Hàn Quốc")
    response = api("r5_officer").post(
        "/api/v1/agreements/",
        {
            "branch": world.region5.pk,
            "title": "Thỏa thuận hợp tác về thủ tục điện tử",
            "kind": "mou",
            "status": "active",
            "focal_officers": [world.r5_officer.pk],
            "parties": [
                {"enterprise": world.ent_a.pk, "signatory_name": "Kim Min-jun", "signatory_title": "Tổng giám đốc"},
                {"association": association.pk, "signatory_name": "Park Ji-hoon"},
            ],
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    agreement = Agreement.objects.get(pk=body["id"])
    assert (agreement.status, agreement.kind, agreement.level) == ("draft", "mou", "regional")
    assert body["status"] == "draft"
    assert [(p["enterprise"], p["association"], p["signatory_name"]) for p in body["parties"]] == [
        (world.ent_a.pk, None, "Kim Min-jun"),
        (None, association.pk, "Park Ji-hoon"),
    ]
    assert [officer["username"] for officer in body["focal_officers"]] == ["r5_officer"]
    assert list(agreement.events.values_list("action", "by")) == [("create", world.r5_officer.pk)]


def test_a_foreign_enterprise_is_refused_exactly_like_a_missing_one(world, api):
    def create(enterprise_id):
        return api("r5_officer").post(
            "/api/v1/agreements/",
            {"branch": world.region5.pk, "title": "Thỏa thuận", "parties": [{"enterprise": enterprise_id}]},
        )

    foreign, missing = create(world.ent_r6.pk), create(99_999_999)
    assert foreign.status_code == missing.status_code == 400
    assert foreign.json() == {
        "parties": {"0": {"enterprise": [f'Invalid pk "{world.ent_r6.pk}" - object does not exist.']}}
    }
    assert missing.json() == {"parties": {"0": {"enterprise": ['Invalid pk "99999999" - object does not exist.']}}}
    assert not Agreement.objects.exists()


def test_a_branch_outside_the_scope_is_refused_like_a_missing_one(world, api):
    response = api("r6_officer").post("/api/v1/agreements/", {"branch": world.region5.pk, "title": "Thỏa thuận"})
    assert response.status_code == 400
    assert response.json() == {"branch": [f'Invalid pk "{world.region5.pk}" - object does not exist.']}
    assert not Agreement.objects.exists()


@pytest.mark.parametrize(
    ("parties", "message"),
    [
        ([{"signatory_name": "Kim Min-jun"}], "Each party is either an enterprise or an association."),
        ("both", "Each party is either an enterprise or an association."),
        ("twice", f"{ENT_A} is listed twice."),
    ],
)
def test_a_bad_party_is_a_400_and_nothing_is_created(parties, message, world, api):
    if parties == "both":
        association = factories.AssociationFactory(name_vi="Hiệp hội Doanh nghiệp Hàn Quốc")
        parties = [{"enterprise": world.ent_a.pk, "association": association.pk}]
    elif parties == "twice":
        parties = [{"enterprise": world.ent_a.pk}, {"enterprise": world.ent_a.pk}]
    response = api("r5_officer").post(
        "/api/v1/agreements/", {"branch": world.region5.pk, "title": "Thỏa thuận", "parties": parties}
    )
    assert response.status_code == 400
    assert response.json() == {"parties": [message]}
    assert not Agreement.objects.exists()


def test_patching_a_draft_updates_its_details_and_replaces_its_parties(world, api):
    agreement = make_agreement(world, S.DRAFT)
    response = api("r5_officer").patch(
        url(agreement),
        {
            "title": "Thỏa thuận hợp tác (bản sửa)",
            "status": "active",
            "parties": [{"enterprise": world.ent_b.pk, "signatory_name": "Lê Văn Tâm"}],
        },
    )
    assert response.status_code == 200, response.json()
    agreement.refresh_from_db()
    assert (agreement.title, agreement.status) == ("Thỏa thuận hợp tác (bản sửa)", "draft")
    assert [(p.enterprise_id, p.signatory_name) for p in agreement.parties.all()] == [(world.ent_b.pk, "Lê Văn Tâm")]
    assert [e.action for e in agreement.events.order_by("pk")][-2:] == ["edit", "parties"]
    assert response.json()["parties"][0]["enterprise"] == world.ent_b.pk


def test_the_parties_of_a_signed_agreement_cannot_change_and_nothing_changes(world, api):
    agreement = make_agreement(world, S.ACTIVE)
    before = snapshot(agreement)
    response = api("r5_officer").patch(
        url(agreement), {"title": "Đổi tên", "parties": [{"enterprise": world.ent_b.pk, "signatory_name": "Lê"}]}
    )
    assert response.status_code == 400
    assert snapshot(agreement) == before
    assert list(agreement.parties.values_list("enterprise", flat=True)) == [world.ent_a.pk]


def test_a_signed_agreement_changes_its_focal_officers_but_not_its_terms(world, api):
    agreement = make_agreement(world, S.ACTIVE)
    client = api("r5_officer")
    assert client.patch(url(agreement), {"focal_officers": [world.r5_officer.pk]}).status_code == 200
    assert list(agreement.focal_officers.values_list("username", flat=True)) == ["r5_officer"]
    before = snapshot(agreement)
    response = client.patch(url(agreement), {"scope": "Phạm vi mới"})
    assert response.status_code == 400
    assert response.json() == {
        "detail": "The agreement is signed; its terms change only through an amendment (fields: scope)."
    }
    assert snapshot(agreement) == before


# --- Lifecycle: every legal move --------------------------------------------------------------------------------------

LEGAL_MOVES = [
    ("submit", S.DRAFT, "r5_officer", {}, S.INTERNAL_REVIEW, "submit"),
    ("return-to-draft", S.INTERNAL_REVIEW, "r5_officer", {"note": "Bổ sung"}, S.DRAFT, "return_to_draft"),
    ("negotiate", S.INTERNAL_REVIEW, "r5_officer", {}, S.NEGOTIATION, "negotiate"),
    ("approve", S.NEGOTIATION, "r5_manager", {}, S.APPROVED, "approve"),
    ("sign", S.APPROVED, "r5_officer", {"signed_on": "2026-01-15", "expires_on": "2029-01-15"}, S.SIGNED, "sign"),
    ("activate", S.SIGNED, "r5_officer", {}, S.ACTIVE, "activate"),
    ("start-review", S.ACTIVE, "r5_officer", {}, S.UNDER_REVIEW, "start_review"),
    ("suspend", S.ACTIVE, "r5_manager", {"reason": "Vi phạm cam kết"}, S.SUSPENDED, "suspend"),
    ("resume", S.SUSPENDED, "r5_manager", {}, S.ACTIVE, "resume"),
    ("terminate", S.ACTIVE, "hq_admin", {"reason": "Doanh nghiệp giải thể"}, S.TERMINATED, "terminate"),
]


@pytest.mark.parametrize(
    ("action", "start", "persona", "body", "target", "event"), LEGAL_MOVES, ids=[m[0] for m in LEGAL_MOVES]
)
def test_every_lifecycle_move_through_the_api(action, start, persona, body, target, event, world, api):
    agreement = make_agreement(world, start)
    response = api(persona).post(url(agreement, action), body)
    assert response.status_code == 200, response.json()
    assert (response.json()["id"], response.json()["status"]) == (agreement.pk, target)
    assert Agreement.objects.get(pk=agreement.pk).status == target
    last = agreement.events.order_by("pk").last()
    assert (last.action, last.from_status, last.to_status, last.by.username) == (event, start, target, persona)


def test_signing_records_the_dates_and_schedules_the_first_review(world, api):
    agreement = make_agreement(world, S.APPROVED)
    response = api("r5_officer").post(
        url(agreement, "sign"), {"signed_on": "2026-01-15", "effective_from": "2026-02-01", "expires_on": "2029-02-01"}
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["signed_on"], body["effective_from"], body["expires_on"], body["next_review_on"]) == (
        "2026-01-15",
        "2026-02-01",
        "2029-02-01",
        "2027-02-01",
    )


def test_suspending_keeps_the_reason(world, api):
    agreement = make_agreement(world, S.ACTIVE)
    response = api("r5_manager").post(url(agreement, "suspend"), {"reason": "Vi phạm cam kết"})
    assert response.json()["status_reason"] == "Vi phạm cam kết"
    assert agreement.events.order_by("pk").last().note == "Vi phạm cam kết"


# --- Lifecycle: one illegal move per action ---------------------------------------------------------------------------

ILLEGAL_MOVES = [
    ("submit", S.INTERNAL_REVIEW, "r5_officer", {}, "“Internal review” cannot be submitted for internal review."),
    ("return-to-draft", S.DRAFT, "r5_officer", {}, "“Draft” cannot be returned to draft."),
    ("negotiate", S.DRAFT, "r5_officer", {}, "“Draft” cannot be sent for negotiation."),
    ("approve", S.INTERNAL_REVIEW, "r5_manager", {}, "“Internal review” cannot be approved."),
    ("sign", S.NEGOTIATION, "r5_officer", {"signed_on": "2026-01-15"}, "“Negotiation” cannot be signed."),
    ("activate", S.APPROVED, "r5_officer", {}, "“Approved” cannot be activated."),
    ("start-review", S.SIGNED, "r5_officer", {}, "“Signed” cannot be put under review."),
    ("suspend", S.DRAFT, "r5_manager", {"reason": "Vi phạm"}, "“Draft” cannot be suspended."),
    ("resume", S.ACTIVE, "r5_manager", {}, "“Active” cannot be resumed."),
    ("terminate", S.TERMINATED, "r5_manager", {"reason": "Lần hai"}, "“Terminated” cannot be terminated."),
    ("renew", S.DRAFT, "r5_officer", {}, "“Draft” cannot be renewed."),
    ("amend", S.APPROVED, "r5_officer", {}, "“Approved” cannot be amended."),
    (
        "reviews",
        S.DRAFT,
        "r5_officer",
        {"reviewed_on": "2026-06-01", "outcome": "continue"},
        "“Draft” cannot be reviewed.",
    ),
]


@pytest.mark.parametrize(
    ("action", "start", "persona", "body", "message"), ILLEGAL_MOVES, ids=[m[0] for m in ILLEGAL_MOVES]
)
def test_an_illegal_move_is_a_400_that_says_why_and_changes_nothing(action, start, persona, body, message, world, api):
    agreement = make_agreement(world, start)
    before = snapshot(agreement)
    count = Agreement.objects.count()
    response = api(persona).post(url(agreement, action), body)
    assert response.status_code == 400
    assert response.json() == {"detail": f"An agreement that is {message}"}
    assert snapshot(agreement) == before
    assert Agreement.objects.count() == count


@pytest.mark.parametrize(
    ("action", "start", "body"),
    [
        ("approve", S.NEGOTIATION, {}),
        ("suspend", S.ACTIVE, {"reason": "Vi phạm"}),
        ("resume", S.SUSPENDED, {}),
        ("terminate", S.ACTIVE, {"reason": "Giải thể"}),
    ],
)
def test_an_officer_gets_403_on_the_manager_only_moves_and_nothing_changes(action, start, body, world, api):
    agreement = make_agreement(world, start)
    before = snapshot(agreement)
    response = api("r5_officer").post(url(agreement, action), body)
    assert response.status_code == 403
    assert response.json() == {"detail": "Only a manager can do this."}
    assert snapshot(agreement) == before


def test_suspending_without_a_reason_is_a_field_error(world, api):
    agreement = make_agreement(world, S.ACTIVE)
    before = snapshot(agreement)
    response = api("r5_manager").post(url(agreement, "suspend"), {})
    assert response.status_code == 400
    assert response.json() == {"reason": ["This field is required."]}
    assert snapshot(agreement) == before


def test_signing_while_a_party_has_no_signatory_is_a_400(world, api):
    agreement = make_agreement(world, S.APPROVED, signatory="")
    before = snapshot(agreement)
    response = api("r5_officer").post(url(agreement, "sign"), {"signed_on": "2026-01-15"})
    assert response.status_code == 400
    assert response.json() == {"detail": f"Name the signatory of {ENT_A}."}
    assert snapshot(agreement) == before
    assert Agreement.objects.get(pk=agreement.pk).signed_on is None


def test_a_signing_date_in_the_future_is_a_field_error(world, api):
    agreement = make_agreement(world, S.APPROVED)
    before = snapshot(agreement)
    response = api("r5_officer").post(url(agreement, "sign"), {"signed_on": "2999-01-01"})
    assert response.status_code == 400
    assert response.json() == {"signed_on": ["The signing date cannot be in the future."]}
    assert snapshot(agreement) == before


def test_activating_before_the_effective_date_is_a_400(world, api):
    agreement = make_agreement(world, S.APPROVED)
    services.sign_agreement(agreement=agreement, by=None, signed_on=SIGNED_ON, effective_from=date(2999, 1, 1))
    before = snapshot(agreement)
    response = api("r5_officer").post(url(agreement, "activate"))
    assert response.status_code == 400
    assert response.json() == {"detail": "The agreement takes effect on 01/01/2999; it becomes active then."}
    assert snapshot(agreement) == before


# --- Renewal and amendment ------------------------------------------------------------------------------------------


def test_the_renewal_chain_through_the_api(world, api):
    old = make_agreement(world, S.ACTIVE, commitments=2)
    officer, manager = api("r5_officer"), api("r5_manager")

    response = officer.post(url(old, "renew"), {"title": "Thỏa thuận hợp tác giai đoạn 2"})
    assert response.status_code == 201, response.json()
    new = response.json()
    assert new["id"] != old.pk
    assert (new["status"], new["title"], new["predecessor"], new["succession"]) == (
        "draft",
        "Thỏa thuận hợp tác giai đoạn 2",
        old.pk,
        "renewal",
    )
    assert [(p["enterprise"], p["signatory_name"]) for p in new["parties"]] == [(world.ent_a.pk, "Kim Min-jun")]
    assert [(c["number"], c["side"], c["text"]) for c in new["commitments"]] == [
        (c.number, c.side, c.text) for c in old.commitments.order_by("number")
    ]
    assert officer.get(url(old)).json()["successors"] == [new["id"]]
    assert officer.get(url(old)).json()["status"] == "active"

    successor = f"/api/v1/agreements/{new['id']}/"
    assert officer.patch(successor, {"doc_number": "15/2027/TTHT-KV05"}).status_code == 200
    assert officer.post(successor + "submit/").status_code == 200
    assert officer.post(successor + "negotiate/").status_code == 200
    assert manager.post(successor + "approve/").status_code == 200
    signed = officer.post(successor + "sign/", {"signed_on": "2026-11-01"})
    assert signed.status_code == 200, signed.json()
    assert signed.json()["status"] == "signed"

    assert officer.get(url(old)).json()["status"] == "renewed"
    assert old.events.order_by("pk").last().action == "renew"


def test_a_second_renewal_while_one_is_drafted_is_a_400(world, api):
    old = make_agreement(world, S.ACTIVE)
    assert api("r5_officer").post(url(old, "renew")).status_code == 201
    count = Agreement.objects.count()
    response = api("r5_officer").post(url(old, "amend"))
    assert response.status_code == 400
    assert response.json()["detail"].startswith("A successor of this agreement is already being prepared")
    assert Agreement.objects.count() == count


def test_an_amendment_answers_the_new_draft_marked_as_an_amendment(world, api):
    old = make_agreement(world, S.ACTIVE)
    response = api("r5_officer").post(url(old, "amend"), {"note": "Bổ sung cam kết"})
    assert response.status_code == 201
    assert (response.json()["succession"], response.json()["predecessor"]) == ("amendment", old.pk)
    assert old.events.order_by("pk").last().note == "Bổ sung cam kết"


# --- Commitments ----------------------------------------------------------------------------------------------------


def test_adding_and_listing_commitments_of_a_draft(world, api):
    agreement = make_agreement(world, S.DRAFT, commitments=1)
    client = api("r5_officer")
    response = client.post(
        url(agreement, "commitments"),
        {"side": "customs", "text": "  Ưu tiên kiểm tra chuyên ngành. ", "status": "met", "due_on": "2026-12-31"},
    )
    assert response.status_code == 201, response.json()
    assert (response.json()["number"], response.json()["status"], response.json()["text"]) == (
        2,
        "on_track",
        "Ưu tiên kiểm tra chuyên ngành.",
    )
    listed = client.get(url(agreement, "commitments")).json()
    assert [(c["number"], c["side"]) for c in listed] == [(1, "business"), (2, "customs")]


def test_a_duplicate_clause_number_is_a_field_error(world, api):
    agreement = make_agreement(world, S.DRAFT, commitments=1)
    response = api("r5_officer").post(url(agreement, "commitments"), {"number": 1, "side": "customs", "text": "X"})
    assert response.status_code == 400
    assert response.json() == {"number": ["Clause 1 already exists."]}
    assert agreement.commitments.count() == 1


def test_adding_a_commitment_to_a_signed_agreement_is_a_400(world, api):
    agreement = make_agreement(world, S.ACTIVE, commitments=1)
    response = api("r5_officer").post(url(agreement, "commitments"), {"side": "customs", "text": "Cam kết mới"})
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Commitments of a signed agreement cannot change; record an amendment instead."
    }
    assert agreement.commitments.count() == 1


def test_the_commitment_resource_edits_removes_and_filters(world, api):
    agreement = make_agreement(world, S.DRAFT, commitments=2)
    other = make_agreement(world, S.DRAFT, commitments=1)
    first, second = agreement.commitments.order_by("number")
    client = api("r5_officer")
    listed = client.get("/api/v1/commitments/", {"agreement": agreement.pk}).json()
    assert [c["id"] for c in listed["results"]] == [first.pk, second.pk]
    assert client.get("/api/v1/commitments/").json()["count"] == 3

    response = client.patch(
        f"/api/v1/commitments/{first.pk}/", {"indicator": "Tỷ lệ tờ khai đúng hạn", "status": "met"}
    )
    assert response.status_code == 200
    first.refresh_from_db()
    assert (first.indicator, first.status) == ("Tỷ lệ tờ khai đúng hạn", "on_track")

    assert client.delete(f"/api/v1/commitments/{second.pk}/").status_code == 204
    assert list(agreement.commitments.values_list("pk", flat=True)) == [first.pk]
    assert other.commitments.count() == 1


def test_a_commitment_of_a_signed_agreement_cannot_be_removed(world, api):
    agreement = make_agreement(world, S.ACTIVE, commitments=1)
    commitment = agreement.commitments.get()
    response = api("r5_officer").delete(f"/api/v1/commitments/{commitment.pk}/")
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Commitments of a signed agreement cannot change; record an amendment instead."
    }
    assert Commitment.objects.filter(pk=commitment.pk).exists()


def test_filtering_commitments_by_a_foreign_agreement_answers_like_a_missing_one(world, api):
    foreign = make_agreement(world, S.DRAFT, branch=world.region6, enterprises=[world.ent_r6])
    client = api("r5_officer")
    by_foreign = client.get("/api/v1/commitments/", {"agreement": foreign.pk})
    by_missing = client.get("/api/v1/commitments/", {"agreement": 99_999_999})
    assert by_foreign.status_code == by_missing.status_code == 400
    assert by_foreign.json() == by_missing.json()
    assert list(by_foreign.json()) == ["agreement"]


def test_setting_a_commitment_status_while_in_force(world, api):
    agreement = make_agreement(world, S.ACTIVE, commitments=1)
    commitment = agreement.commitments.get()
    response = api("r5_officer").post(
        f"/api/v1/commitments/{commitment.pk}/set-status/", {"status": "at_risk", "note": "Chậm nộp báo cáo"}
    )
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["status_display"]) == ("at_risk", "At risk")
    assert agreement.events.order_by("pk").last().note == "1: On track → At risk – Chậm nộp báo cáo"
    assert api("r5_officer").get(url(agreement)).json()["health"] == "attention"


def test_setting_a_commitment_status_of_a_draft_is_a_400(world, api):
    agreement = make_agreement(world, S.DRAFT, commitments=1)
    commitment = agreement.commitments.get()
    before = snapshot(agreement)
    response = api("r5_officer").post(f"/api/v1/commitments/{commitment.pk}/set-status/", {"status": "met"})
    assert response.status_code == 400
    assert response.json() == {"detail": "Commitment statuses are tracked only while the agreement is in force."}
    assert Commitment.objects.get(pk=commitment.pk).status == "on_track"
    assert snapshot(agreement) == before


# --- Reviews --------------------------------------------------------------------------------------------------------


def test_recording_a_review_sets_statuses_keeps_a_snapshot_and_returns_to_active(world, api):
    agreement = make_agreement(world, S.UNDER_REVIEW, commitments=2)
    first, second = agreement.commitments.order_by("number")
    response = api("r5_officer").post(
        url(agreement, "reviews"),
        {
            "reviewed_on": "2026-06-01",
            "outcome": "continue",
            "notes": "Doanh nghiệp thực hiện tốt",
            "statuses": [{"commitment": first.pk, "status": "met"}, {"commitment": second.pk, "status": "not_met"}],
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["reviewed_on"], body["outcome"], body["notes"]) == (
        "2026-06-01",
        "continue",
        "Doanh nghiệp thực hiện tốt",
    )
    assert [(s["number"], s["status"]) for s in body["commitment_statuses"]] == [(1, "met"), (2, "not_met")]
    agreement.refresh_from_db()
    assert (agreement.status, agreement.next_review_on) == ("active", date(2027, 6, 1))
    assert list(
        ReviewedCommitment.objects.filter(review=body["id"])
        .order_by("commitment__number")
        .values_list("status", flat=True)
    ) == ["met", "not_met"]
    listed = api("r5_officer").get(url(agreement, "reviews")).json()
    assert [review["id"] for review in listed] == [body["id"]]


def test_a_review_naming_a_commitment_of_another_agreement_is_a_400(world, api):
    agreement = make_agreement(world, S.ACTIVE, commitments=1)
    other = make_agreement(world, S.ACTIVE, commitments=1)
    before = snapshot(agreement)
    response = api("r5_officer").post(
        url(agreement, "reviews"),
        {
            "reviewed_on": "2026-06-01",
            "outcome": "continue",
            "statuses": [{"commitment": other.commitments.get().pk, "status": "not_met"}],
        },
    )
    assert response.status_code == 400
    assert response.json() == {"statuses": ["Some commitments do not belong to this agreement."]}
    assert snapshot(agreement) == before
    assert other.commitments.get().status == "on_track"


# --- Documents ------------------------------------------------------------------------------------------------------


def test_uploading_a_real_pdf_and_downloading_it(world, api):
    agreement = make_agreement(world, S.ACTIVE)
    client = api("r5_officer")
    response = client.post(
        url(agreement, "documents"),
        {"file": pdf_upload("ban-ky.pdf"), "kind": DocumentKind.SIGNED_SCAN, "title": "Bản ký"},
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["kind"], body["title"], body["size"]) == ("signed_scan", "Bản ký", len(PDF_BYTES))
    assert "file" not in body
    download = client.get(body["download_url"])
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="ban-ky.pdf"'
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert [d["id"] for d in client.get(url(agreement, "documents")).json()] == [body["id"]]
    assert agreement.events.order_by("pk").last().action == "document"


def test_a_text_file_renamed_to_pdf_is_refused_as_the_signed_scan(world, api):
    agreement = make_agreement(world, S.ACTIVE)
    fake = pdf_upload("ban-ky.pdf", b"Day khong phai la tep PDF\n")
    response = api("r5_officer").post(
        url(agreement, "documents"), {"file": fake, "kind": DocumentKind.SIGNED_SCAN}, format="multipart"
    )
    assert response.status_code == 400
    assert response.json() == {"file": ["This file is not a valid PDF document; upload the signed scan as PDF."]}
    assert not AgreementDocument.objects.exists()


def test_a_file_over_the_size_limit_is_refused(world, api, settings):
    settings.DOCUMENT_MAX_BYTES = 64
    agreement = make_agreement(world, S.ACTIVE)
    big = pdf_upload("ban-ky.pdf", PDF_BYTES + b"0" * 64)
    response = api("r5_officer").post(
        url(agreement, "documents"), {"file": big, "kind": DocumentKind.SIGNED_SCAN}, format="multipart"
    )
    assert response.status_code == 400
    assert response.json() == {"file": ["The file is larger than 64 bytes; scan it at a lower resolution."]}
    assert not AgreementDocument.objects.exists()


@pytest.mark.parametrize("persona", ["r6_officer", "r5_office_officer"])
def test_a_document_of_region5_is_a_404_for_an_outsider(persona, world, api):
    agreement = make_agreement(world, S.ACTIVE)
    document = services.add_document(agreement=agreement, by=None, file=pdf_upload())
    response = api(persona).get(f"/api/v1/agreements/{agreement.pk}/documents/{document.pk}/download/")
    assert response.status_code == 404
    assert b"%PDF" not in response.content


def test_a_document_id_of_another_agreement_is_a_404(world, api):
    agreement = make_agreement(world, S.ACTIVE)
    foreign = make_agreement(world, S.ACTIVE, branch=world.region6, enterprises=[world.ent_r6])
    document = services.add_document(agreement=foreign, by=None, file=pdf_upload())
    response = api("r5_officer").get(f"/api/v1/agreements/{agreement.pk}/documents/{document.pk}/download/")
    assert response.status_code == 404


# --- Outsiders: the 404 and nothing changed -----------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["r6_officer", "r5_office_officer"])
def test_an_outsider_cannot_edit_a_region5_agreement(persona, world, api):
    agreement = make_agreement(world, S.DRAFT)
    before = snapshot(agreement)
    response = api(persona).patch(url(agreement), {"title": "Bị đổi tên"})
    assert response.status_code == 404
    assert snapshot(agreement) == before


@pytest.mark.parametrize(
    ("action", "start", "body"),
    [
        ("submit", S.DRAFT, {}),
        ("approve", S.NEGOTIATION, {}),
        ("sign", S.APPROVED, {"signed_on": "2026-01-15"}),
        ("suspend", S.ACTIVE, {"reason": "Vi phạm"}),
        ("terminate", S.ACTIVE, {"reason": "Giải thể"}),
        ("renew", S.ACTIVE, {}),
        ("commitments", S.DRAFT, {"side": "customs", "text": "Cam kết lạ"}),
        ("reviews", S.ACTIVE, {"reviewed_on": "2026-06-01", "outcome": "terminate"}),
    ],
)
def test_a_region6_officer_posting_an_action_on_a_region5_agreement_gets_404_and_nothing_changes(
    action, start, body, world, api
):
    agreement = make_agreement(world, start)
    before, count, commitments = snapshot(agreement), Agreement.objects.count(), agreement.commitments.count()
    response = api("r6_officer").post(url(agreement, action), body)
    assert response.status_code == 404
    assert snapshot(agreement) == before
    assert (Agreement.objects.count(), agreement.commitments.count()) == (count, commitments)
    assert not agreement.reviews.exists()


def test_a_region6_officer_cannot_upload_to_a_region5_agreement(world, api):
    agreement = make_agreement(world, S.ACTIVE)
    response = api("r6_officer").post(url(agreement, "documents"), {"file": pdf_upload()}, format="multipart")
    assert response.status_code == 404
    assert not AgreementDocument.objects.exists()


def test_a_region6_officer_cannot_touch_a_region5_commitment(world, api):
    agreement = make_agreement(world, S.ACTIVE, commitments=1)
    commitment = agreement.commitments.get()
    client = api("r6_officer")
    assert client.patch(f"/api/v1/commitments/{commitment.pk}/", {"text": "Bị sửa"}).status_code == 404
    assert client.post(f"/api/v1/commitments/{commitment.pk}/set-status/", {"status": "not_met"}).status_code == 404
    assert client.delete(f"/api/v1/commitments/{commitment.pk}/").status_code == 404
    fresh = Commitment.objects.get(pk=commitment.pk)
    assert (fresh.text, fresh.status) == (commitment.text, "on_track")


def test_the_openapi_schema_lists_the_agreement_actions(world, api):
    text = api("r5_officer").get("/api/schema/").content.decode()
    for path in (
        "/api/v1/agreements/{id}/return-to-draft/:",
        "/api/v1/agreements/{id}/start-review/:",
        "/api/v1/agreements/{id}/documents/{document_pk}/download/:",
        "/api/v1/commitments/{id}/set-status/:",
    ):
        assert path in text
