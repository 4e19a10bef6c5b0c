from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from crm.errors import DomainError
from partnerships import selectors
from partnerships.models import (
    FINAL,
    IN_FORCE,
    PRE_SIGNATURE,
    Agreement,
    AgreementDocument,
    AgreementLevel,
    AgreementParty,
    AgreementReview,
    AgreementStatus,
    Commitment,
    CommitmentSide,
    CommitmentStatus,
    DocumentKind,
    Health,
    ReviewOutcome,
    Succession,
)
from partnerships.services import agreements as services
from tests import factories
from tests.partnerships.factories import advance, make_agreement, make_draft, party

pytestmark = pytest.mark.django_db

S = AgreementStatus
PDF_BYTES = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def today() -> date:
    return timezone.localdate()


def reload(agreement: Agreement) -> Agreement:
    return Agreement.objects.get(pk=agreement.pk)


def snapshot(agreement: Agreement) -> tuple:
    """What an illegal action must leave untouched: the row's status fields and its history."""
    row = reload(agreement)
    return row.status, row.status_reason, row.status_changed_on, row.signed_on, row.updated_at, row.events.count()


# --- Every move of the lifecycle --------------------------------------------------------------------------------

ACTIONS = {
    "submit": lambda a, by: services.submit_for_review(agreement=a, by=by),
    "return_to_draft": lambda a, by: services.return_to_draft(agreement=a, by=by),
    "negotiate": lambda a, by: services.start_negotiation(agreement=a, by=by),
    "approve": lambda a, by: services.approve_agreement(agreement=a, by=by),
    "sign": lambda a, by: services.sign_agreement(agreement=a, by=by, signed_on=today()),
    "activate": lambda a, by: services.activate_agreement(agreement=a, by=by),
    "start_review": lambda a, by: services.start_review(agreement=a, by=by),
    "record_review": lambda a, by: services.record_review(
        agreement=a, by=by, reviewed_on=today(), outcome=ReviewOutcome.CONTINUE
    ),
    "suspend": lambda a, by: services.suspend_agreement(agreement=a, by=by, reason="Doanh nghiệp tạm ngừng"),
    "resume": lambda a, by: services.resume_agreement(agreement=a, by=by),
    "renew": lambda a, by: services.renew_agreement(agreement=a, by=by),
    "amend": lambda a, by: services.amend_agreement(agreement=a, by=by),
    "terminate": lambda a, by: services.terminate_agreement(agreement=a, by=by, reason="Doanh nghiệp giải thể"),
}
# Expiry is not a user action: the nightly scan makes it (see the scheduled-moves tests below).
USER_MOVES = {name: move for name, move in services.MOVES.items() if name != "expire"}
LEGAL = [(name, source) for name, move in USER_MOVES.items() for source in move.sources]
MANAGER_ONLY = [(name, move.sources[0]) for name, move in USER_MOVES.items() if move.manager_only]


def test_every_move_of_the_lifecycle_has_a_service_in_these_tests():
    assert set(ACTIONS) | {"expire"} == set(services.MOVES)
    assert {name for name, move in services.MOVES.items() if move.manager_only} == {
        "approve",
        "suspend",
        "resume",
        "terminate",
    }


@pytest.mark.parametrize(("action", "source"), LEGAL, ids=[f"{a}-from-{s}" for a, s in LEGAL])
def test_a_move_from_an_allowed_status_changes_the_status_and_logs_one_event(world, action, source):
    agreement = make_agreement(branch=world.region5, status=source, by=world.r5_manager)
    events = agreement.events.count()

    ACTIONS[action](agreement, world.r5_manager)

    agreement = reload(agreement)
    target = services.MOVES[action].target
    assert agreement.status == (target or source)
    assert agreement.events.count() == events + 1
    last = agreement.events.order_by("-id").first()
    assert (last.action, last.by) == (action, world.r5_manager)
    if target is not None:
        assert (last.from_status, last.to_status) == (source, target)
        assert agreement.status_changed_on == today()


@pytest.mark.parametrize("source", list(S))
def test_every_move_from_a_status_it_does_not_start_from_is_refused_and_changes_nothing(world, source):
    agreement = make_agreement(branch=world.region5, status=source, by=world.r5_manager)
    before = snapshot(agreement)
    successors = Agreement.objects.filter(predecessor=agreement).count()
    refused = [name for name, move in USER_MOVES.items() if source not in move.sources]
    assert refused  # every status has moves it cannot make

    for action in refused:
        with pytest.raises(DomainError) as error:
            ACTIONS[action](agreement, world.r5_manager)
        assert error.value.message == (
            f"An agreement that is “{S(source).label}” cannot be {services.ACTION_LABELS[action]}."
        ), action
        assert snapshot(agreement) == before, action
    assert Agreement.objects.filter(predecessor=agreement).count() == successors


@pytest.mark.parametrize(("action", "source"), MANAGER_ONLY, ids=[a for a, _s in MANAGER_ONLY])
def test_an_officer_cannot_make_a_manager_only_move(world, action, source):
    agreement = make_agreement(branch=world.region5, status=source, by=world.r5_manager)
    before = snapshot(agreement)

    with pytest.raises(PermissionDenied):
        ACTIONS[action](agreement, world.r5_officer)

    assert snapshot(agreement) == before


def test_allowed_actions_offer_an_officer_no_manager_only_move(world):
    active = make_agreement(branch=world.region5, status=S.ACTIVE)
    draft = make_draft(branch=world.region5)

    def offered(agreement, user):
        return [name for name in services.allowed_actions(agreement, user) if name != "expire"]

    assert offered(active, world.r5_manager) == [
        "start_review",
        "record_review",
        "suspend",
        "renew",
        "amend",
        "terminate",
    ]
    assert offered(active, world.r5_officer) == ["start_review", "record_review", "renew", "amend"]
    assert offered(draft, world.r5_manager) == ["submit", "terminate"]
    assert offered(draft, world.r5_officer) == ["submit"]
    assert services.allowed_actions(make_agreement(branch=world.region5, status=S.RENEWED), world.r5_manager) == []


def test_allowed_actions_never_offer_the_expiry_that_only_the_nightly_scan_makes(world):
    active = make_agreement(branch=world.region5, status=S.ACTIVE)
    assert "expire" not in services.allowed_actions(active, world.r5_manager)


# --- Signing -----------------------------------------------------------------------------------------------------


def approved(world, **draft) -> Agreement:
    return make_agreement(branch=world.region5, status=S.APPROVED, by=world.r5_manager, **draft)


def test_signing_records_the_dates_and_schedules_the_first_review_one_cycle_after_taking_effect(world):
    agreement = approved(world, review_cycle_months=6)

    services.sign_agreement(
        agreement=agreement,
        by=world.r5_officer,
        signed_on=date(2026, 8, 31),
        effective_from=date(2026, 8, 31),
        expires_on=date(2029, 8, 30),
        today=date(2026, 9, 1),
    )

    agreement = reload(agreement)
    assert agreement.status == S.SIGNED
    assert agreement.signed_on == date(2026, 8, 31)
    assert agreement.effective_from == date(2026, 8, 31)
    assert agreement.expires_on == date(2029, 8, 30)
    assert agreement.next_review_on == date(2027, 2, 28)  # 31 August + 6 months, clamped to February's last day
    assert agreement.status_changed_on == date(2026, 9, 1)


def test_signing_without_dates_takes_effect_on_the_signing_day_and_keeps_a_review_date_set_in_the_draft(world):
    agreement = approved(world, next_review_on=date(2027, 1, 15))
    signed_on = today() - timedelta(days=3)

    services.sign_agreement(agreement=agreement, by=world.r5_officer, signed_on=signed_on)

    agreement = reload(agreement)
    assert (agreement.effective_from, agreement.expires_on) == (signed_on, None)
    assert agreement.next_review_on == date(2027, 1, 15)


def test_signing_keeps_the_dates_typed_in_the_draft(world):
    draft = make_draft(branch=world.region5, effective_from=date(2026, 10, 1), expires_on=date(2028, 9, 30))
    agreement = advance(draft, to=S.APPROVED)

    services.sign_agreement(agreement=agreement, by=world.r5_officer, signed_on=date(2026, 9, 20))

    agreement = reload(agreement)
    assert (agreement.effective_from, agreement.expires_on) == (date(2026, 10, 1), date(2028, 9, 30))
    assert agreement.next_review_on == date(2027, 10, 1)


@pytest.mark.parametrize(
    ("draft", "sign", "field", "message"),
    [
        (
            {"doc_number": ""},
            {},
            "doc_number",
            "Give the agreement its document number before recording the signature.",
        ),
        (
            {"customs_signatory_name": ""},
            {},
            "customs_signatory_name",
            "Name the customs signatory before recording the signature.",
        ),
        ({}, {"signed_on": 1}, "signed_on", "The signing date cannot be in the future."),
        ({}, {"effective_from": -1}, "effective_from", "An agreement cannot take effect before it is signed."),
        ({}, {"expires_on": 0}, "expires_on", "The expiry date must be after the date the agreement takes effect."),
        ({}, {"expires_on": -5}, "expires_on", "The expiry date must be after the date the agreement takes effect."),
    ],
    ids=[
        "no-doc-number",
        "no-customs-signatory",
        "future-date",
        "effective-before-signed",
        "expiry-same-day",
        "expiry-before",
    ],
)
def test_signing_is_refused_when_a_requirement_is_missing(world, draft, sign, field, message):
    agreement = approved(world, **draft)
    before = snapshot(agreement)
    day = today() - timedelta(days=10)
    dates = {"signed_on": day, **{name: day + timedelta(days=offset) for name, offset in sign.items()}}
    if "signed_on" in sign:
        dates["signed_on"] = today() + timedelta(days=1)

    with pytest.raises(DomainError) as error:
        services.sign_agreement(agreement=agreement, by=world.r5_officer, **dates)

    assert (error.value.field, error.value.message) == (field, message)
    assert snapshot(agreement) == before


def test_signing_needs_at_least_one_party(world):
    agreement = approved(world)
    services.set_parties(agreement=agreement, by=world.r5_officer, parties=[])

    with pytest.raises(DomainError) as error:
        services.sign_agreement(agreement=agreement, by=world.r5_officer, signed_on=today())

    assert error.value.message == "An agreement needs at least one party to be signed."
    assert reload(agreement).status == S.APPROVED


def test_signing_needs_every_party_to_name_its_signatory(world):
    association = factories.AssociationFactory(name_vi="Hiệp hội Doanh nghiệp tỉnh Bắc Ninh", short_name="")
    agreement = approved(
        world,
        parties=[
            party(world.ent_a),
            party(world.ent_b, signatory_name=""),
            party(association, signatory_name=""),
        ],
    )

    with pytest.raises(DomainError) as error:
        services.sign_agreement(agreement=agreement, by=world.r5_officer, signed_on=today())

    assert error.value.message == (
        "Name the signatory of Công ty TNHH Quang học Yên Phong (2359083018); Hiệp hội Doanh nghiệp tỉnh Bắc Ninh."
    )
    assert reload(agreement).status == S.APPROVED


def test_submitting_needs_a_party(world):
    agreement = services.create_agreement(by=world.r5_officer, branch=world.region5, title="Thỏa thuận")

    with pytest.raises(DomainError) as error:
        services.submit_for_review(agreement=agreement, by=world.r5_officer)

    assert error.value.message == "Add at least one party before submitting the agreement."
    assert reload(agreement).status == S.DRAFT


def test_a_signed_agreement_becomes_active_only_once_it_takes_effect(world):
    starts = today() + timedelta(days=5)
    agreement = make_agreement(
        branch=world.region5, status=S.SIGNED, signed_on=today(), effective_from=starts, by=world.r5_manager
    )

    with pytest.raises(DomainError) as error:
        services.activate_agreement(agreement=agreement, by=world.r5_officer)
    assert error.value.message == f"The agreement takes effect on {starts:%d/%m/%Y}; it becomes active then."
    assert reload(agreement).status == S.SIGNED

    services.activate_agreement(agreement=agreement, by=world.r5_officer, today=starts)
    assert reload(agreement).status == S.ACTIVE


# --- Drafting and editing -----------------------------------------------------------------------------------------


def test_a_draft_of_a_region_takes_the_regional_level_and_one_of_an_office_the_office_level(world):
    regional = services.create_agreement(by=world.r5_officer, branch=world.region5, title="  Thỏa thuận  ")
    office = services.create_agreement(by=world.r5_officer, branch=world.region5_office, title="Quy chế phối hợp")

    assert (regional.level, regional.title, regional.status) == (AgreementLevel.REGIONAL, "Thỏa thuận", S.DRAFT)
    assert office.level == AgreementLevel.OFFICE
    assert list(regional.events.values_list("action", "to_status", "by")) == [("create", S.DRAFT, world.r5_officer.pk)]


def test_an_officer_cannot_draft_an_agreement_for_a_unit_outside_their_subtree(world):
    with pytest.raises(DomainError) as error:
        services.create_agreement(by=world.r5_office_officer, branch=world.region5, title="Thỏa thuận")

    assert error.value.field == "branch"
    assert not Agreement.objects.exists()


def test_a_document_number_is_unique_within_a_unit_only(world):
    make_draft(branch=world.region5, doc_number="12/TTHT-KV5")

    with pytest.raises(DomainError) as error:
        make_draft(branch=world.region5, doc_number="12/TTHT-KV5")
    assert (error.value.field, error.value.message) == (
        "doc_number",
        "Another agreement of this unit already has document number 12/TTHT-KV5.",
    )
    assert make_draft(branch=world.region5_office, doc_number="12/TTHT-KV5").doc_number == "12/TTHT-KV5"


def test_a_draft_cannot_expire_before_it_takes_effect(world):
    with pytest.raises(DomainError) as error:
        services.create_agreement(
            by=world.r5_officer,
            branch=world.region5,
            title="Thỏa thuận",
            effective_from=date(2026, 5, 1),
            expires_on=date(2026, 5, 1),
        )
    assert error.value.field == "expires_on"
    assert not Agreement.objects.exists()


@pytest.mark.parametrize("status", PRE_SIGNATURE)
def test_every_detail_of_an_unsigned_agreement_can_change(world, status):
    agreement = make_agreement(branch=world.region5, status=status, by=world.r5_manager)
    colleague = factories.make_staff(username="colleague", branch=world.region5_office)

    services.update_agreement(
        agreement=agreement,
        by=world.r5_officer,
        title="Thỏa thuận hợp tác (sửa)",
        doc_number=" 99/TTHT-KV5 ",
        scope="Phạm vi mới",
        branch=world.region5_office,
        level=AgreementLevel.OFFICE,
        effective_from=date(2027, 1, 1),
        expires_on=date(2029, 12, 31),
        review_cycle_months=6,
        focal_officers=[world.r5_officer, colleague],
    )

    agreement = reload(agreement)
    assert agreement.status == status
    assert (agreement.title, agreement.doc_number, agreement.scope) == (
        "Thỏa thuận hợp tác (sửa)",
        "99/TTHT-KV5",
        "Phạm vi mới",
    )
    assert (agreement.branch, agreement.level) == (world.region5_office, AgreementLevel.OFFICE)
    assert (agreement.effective_from, agreement.expires_on, agreement.review_cycle_months) == (
        date(2027, 1, 1),
        date(2029, 12, 31),
        6,
    )
    assert set(agreement.focal_officers.all()) == {world.r5_officer, colleague}
    assert agreement.events.order_by("-id").first().action == "edit"


def test_focal_officers_must_be_staff_of_the_editors_subtree(world):
    agreement = make_draft(branch=world.region5)

    with pytest.raises(DomainError) as error:
        services.update_agreement(agreement=agreement, by=world.r5_office_officer, focal_officers=[world.r5_officer])

    assert error.value.field == "focal_officers"
    assert list(reload(agreement).focal_officers.all()) == []


@pytest.mark.parametrize("status", IN_FORCE)
def test_a_signed_agreement_changes_only_its_focal_officers_and_review_schedule(world, status):
    agreement = make_agreement(branch=world.region5, status=status, by=world.r5_manager)
    title = agreement.title

    services.update_agreement(
        agreement=agreement,
        by=world.r5_officer,
        title=title,  # unchanged values are accepted, so a form may send every field back
        focal_officers=[world.r5_officer],
        next_review_on=date(2027, 3, 1),
        review_cycle_months=24,
    )
    agreement = reload(agreement)
    assert (agreement.next_review_on, agreement.review_cycle_months) == (date(2027, 3, 1), 24)
    assert list(agreement.focal_officers.all()) == [world.r5_officer]

    before = snapshot(agreement)
    with pytest.raises(DomainError) as error:
        services.update_agreement(
            agreement=agreement, by=world.r5_officer, title="Khác", scope="Khác", next_review_on=None
        )
    assert error.value.message == (
        "The agreement is signed; its terms change only through an amendment (fields: scope, title)."
    )
    assert snapshot(agreement) == before
    assert (reload(agreement).title, reload(agreement).next_review_on) == (title, date(2027, 3, 1))


@pytest.mark.parametrize("status", FINAL)
def test_an_ended_agreement_cannot_change_at_all(world, status):
    agreement = make_agreement(branch=world.region5, status=status, by=world.r5_manager)
    before = snapshot(agreement)

    with pytest.raises(DomainError) as error:
        services.update_agreement(agreement=agreement, by=world.r5_manager, focal_officers=[world.r5_officer])

    assert error.value.message == "This agreement has ended; its record can no longer change."
    assert snapshot(agreement) == before
    assert list(reload(agreement).focal_officers.all()) == []


# --- Parties -----------------------------------------------------------------------------------------------------


def test_parties_replace_the_previous_ones_and_may_include_associations(world):
    association = factories.AssociationFactory(
        name_vi="Hiệp hội Doanh nghiệp Hàn Quốc tại Việt Nam", short_name="KoCham"
    )
    agreement = make_draft(branch=world.region5, parties=[world.ent_a])

    services.set_parties(
        agreement=agreement,
        by=world.r5_officer,
        parties=[
            party(world.ent_b, signatory_name=" Lê Thị Mai ", signatory_title="Tổng Giám đốc"),
            party(association, signatory_name="Kim Min-jun"),
        ],
    )

    rows = AgreementParty.objects.filter(agreement=agreement).order_by("pk")
    assert [(p.enterprise, p.association, p.signatory_name, p.signatory_title) for p in rows] == [
        (world.ent_b, None, "Lê Thị Mai", "Tổng Giám đốc"),
        (None, association, "Kim Min-jun", "Giám đốc"),
    ]
    event = agreement.events.order_by("-id").first()
    assert (event.action, event.note) == ("parties", "Công ty TNHH Quang học Yên Phong (2359083018), KoCham")


@pytest.mark.parametrize(
    ("persona", "parties", "message"),
    [
        (
            "r5_officer",
            lambda w, a: [party(w.ent_a), party(w.ent_a)],
            "Công ty TNHH Điện tử Đông Á (2352601817) is listed twice.",
        ),
        ("r5_officer", lambda w, a: [party(a), party(a)], "Hiệp hội is listed twice."),
        (
            "r5_officer",
            lambda w, a: [party(w.ent_a), party(w.ent_r6)],
            "One of the enterprises is not managed by your units.",
        ),
        ("r5_office_officer", lambda w, a: [party(w.ent_a)], "One of the enterprises is not managed by your units."),
        (
            "r5_officer",
            lambda w, a: [{"enterprise": w.ent_a, "association": a}],
            "Each party is either an enterprise or an association.",
        ),
        (
            "r5_officer",
            lambda w, a: [{"signatory_name": "Ai đó"}],
            "Each party is either an enterprise or an association.",
        ),
    ],
    ids=[
        "enterprise-twice",
        "association-twice",
        "enterprise-of-region6",
        "enterprise-above-the-office",
        "both",
        "neither",
    ],
)
def test_wrong_parties_are_refused_and_the_previous_ones_kept(world, persona, parties, message):
    association = factories.AssociationFactory(name_vi="Hiệp hội")
    agreement = make_draft(branch=world.region5_office, parties=[world.ent_b])
    events = agreement.events.count()

    with pytest.raises(DomainError) as error:
        services.set_parties(agreement=agreement, by=getattr(world, persona), parties=parties(world, association))

    assert (error.value.field, error.value.message) == ("parties", message)
    assert [p.enterprise for p in AgreementParty.objects.filter(agreement=agreement)] == [world.ent_b]
    assert agreement.events.count() == events


def test_the_parties_of_a_signed_agreement_cannot_change(world):
    agreement = make_agreement(branch=world.region5, status=S.SIGNED, parties=[world.ent_a])

    with pytest.raises(DomainError) as error:
        services.set_parties(agreement=agreement, by=world.r5_officer, parties=[party(world.ent_b)])

    assert error.value.message == "The parties of a signed agreement cannot change; record an amendment instead."
    assert [p.enterprise for p in AgreementParty.objects.filter(agreement=agreement)] == [world.ent_a]


# --- Commitments -------------------------------------------------------------------------------------------------


def test_commitments_are_numbered_after_the_highest_clause(world):
    agreement = make_draft(branch=world.region5, commitments=())
    add = services.add_commitment
    first = add(agreement=agreement, by=world.r5_officer, side=CommitmentSide.CUSTOMS, text=" Hỗ trợ thủ tục ")
    second = add(agreement=agreement, by=world.r5_officer, side=CommitmentSide.BUSINESS, text="Tuân thủ")
    tenth = add(agreement=agreement, by=world.r5_officer, side=CommitmentSide.BUSINESS, text="Báo cáo", number=10)
    services.remove_commitment(commitment=second, by=world.r5_officer)
    eleventh = add(
        agreement=agreement,
        by=world.r5_officer,
        side=CommitmentSide.CUSTOMS,
        text="Đối thoại",
        indicator="2 hội nghị/năm",
        due_on=date(2027, 6, 30),
    )

    rows = Commitment.objects.filter(agreement=agreement).order_by("number")
    assert [(c.number, c.side, c.text, c.status) for c in rows] == [
        (1, CommitmentSide.CUSTOMS, "Hỗ trợ thủ tục", CommitmentStatus.ON_TRACK),
        (10, CommitmentSide.BUSINESS, "Báo cáo", CommitmentStatus.ON_TRACK),
        (11, CommitmentSide.CUSTOMS, "Đối thoại", CommitmentStatus.ON_TRACK),
    ]
    assert (first.number, tenth.number, eleventh.indicator, eleventh.due_on) == (
        1,
        10,
        "2 hội nghị/năm",
        date(2027, 6, 30),
    )


def test_a_clause_number_is_used_once(world):
    agreement = make_draft(branch=world.region5)  # clauses 1 and 2
    one, two = agreement.commitments.order_by("number")

    with pytest.raises(DomainError) as error:
        services.add_commitment(
            agreement=agreement, by=world.r5_officer, side=CommitmentSide.CUSTOMS, text="X", number=2
        )
    assert (error.value.field, error.value.message) == ("number", "Clause 2 already exists.")

    with pytest.raises(DomainError):
        services.update_commitment(commitment=one, by=world.r5_officer, number=2)
    services.update_commitment(commitment=one, by=world.r5_officer, number=5, text=" Nội dung mới ")

    assert list(agreement.commitments.order_by("number").values_list("number", "text")) == [
        (2, two.text),
        (5, "Nội dung mới"),
    ]


@pytest.mark.parametrize("status", [S.SIGNED, S.ACTIVE, S.SUSPENDED, S.EXPIRED, S.TERMINATED])
def test_commitments_are_frozen_once_signed(world, status):
    agreement = make_agreement(branch=world.region5, status=status, by=world.r5_manager)
    commitment = agreement.commitments.order_by("number").first()
    message = "Commitments of a signed agreement cannot change; record an amendment instead."

    for attempt in (
        lambda: services.add_commitment(agreement=agreement, by=world.r5_officer, side="customs", text="Mới"),
        lambda: services.update_commitment(commitment=commitment, by=world.r5_officer, text="Sửa"),
        lambda: services.remove_commitment(commitment=commitment, by=world.r5_officer),
    ):
        with pytest.raises(DomainError) as error:
            attempt()
        assert error.value.message == message

    assert list(agreement.commitments.order_by("number").values_list("number", "text")) == [
        (1, "Cam kết của bên customs"),
        (2, "Cam kết của bên business"),
    ]


def test_a_commitment_status_is_tracked_while_the_agreement_is_in_force(world):
    agreement = make_agreement(branch=world.region5, status=S.ACTIVE)
    commitment = agreement.commitments.order_by("number").first()

    services.set_commitment_status(
        commitment=commitment, by=world.r5_officer, status=CommitmentStatus.AT_RISK, note="Chậm báo cáo"
    )

    assert Commitment.objects.get(pk=commitment.pk).status == CommitmentStatus.AT_RISK
    event = agreement.events.order_by("-id").first()
    assert (event.action, event.note, event.by) == (
        "commitment",
        "1: On track → At risk – Chậm báo cáo",
        world.r5_officer,
    )


@pytest.mark.parametrize("status", [S.DRAFT, S.APPROVED, S.EXPIRED, S.TERMINATED, S.RENEWED])
def test_a_commitment_status_cannot_be_set_outside_the_agreements_force(world, status):
    agreement = make_agreement(branch=world.region5, status=status, by=world.r5_manager)
    commitment = agreement.commitments.order_by("number").first()
    events = agreement.events.count()

    with pytest.raises(DomainError) as error:
        services.set_commitment_status(commitment=commitment, by=world.r5_officer, status=CommitmentStatus.MET)

    assert error.value.message == "Commitment statuses are tracked only while the agreement is in force."
    assert Commitment.objects.get(pk=commitment.pk).status == CommitmentStatus.ON_TRACK
    assert agreement.events.count() == events


# --- Health ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("statuses", "health"),
    [
        ([], Health.NONE),
        (["on_track", "met"], Health.GOOD),
        (["on_track", "at_risk", "met"], Health.ATTENTION),
        (["at_risk", "not_met", "met"], Health.POOR),
        (["not_met"], Health.POOR),
    ],
)
def test_health_is_computed_from_the_commitments_the_same_way_in_lists_and_on_the_detail_page(world, statuses, health):
    agreement = make_agreement(
        branch=world.region5,
        status=S.ACTIVE,
        parties=[world.ent_a, world.ent_b, factories.AssociationFactory()],  # joins must not inflate the counts
        commitments=[CommitmentSide.CUSTOMS] * len(statuses),
    )
    for commitment, status in zip(agreement.commitments.order_by("number"), statuses, strict=True):
        services.set_commitment_status(commitment=commitment, by=world.r5_officer, status=status)

    annotated = selectors.agreements_visible_to(world.r5_officer).get(pk=agreement.pk)
    of_enterprise = selectors.agreements_of_enterprise(world.r5_officer, world.ent_a).get(pk=agreement.pk)
    prefetched = selectors.agreement_detail_visible_to(world.r5_officer).get(pk=agreement.pk)
    plain = Agreement.objects.get(pk=agreement.pk)

    assert (annotated.commitments_total, annotated.commitments_not_met, annotated.commitments_at_risk) == (
        len(statuses),
        statuses.count("not_met"),
        statuses.count("at_risk"),
    )
    assert of_enterprise.commitments_total == len(statuses)
    assert annotated.health == of_enterprise.health == prefetched.health == plain.health == health


# --- Reviews -----------------------------------------------------------------------------------------------------


def test_recording_a_review_applies_the_statuses_keeps_a_snapshot_and_schedules_the_next_review(world):
    agreement = make_agreement(
        branch=world.region5,
        status=S.UNDER_REVIEW,
        signed_on=date(2025, 3, 10),
        review_cycle_months=12,
        commitments=[CommitmentSide.CUSTOMS, CommitmentSide.BUSINESS, CommitmentSide.BUSINESS],
    )
    one, two, three = agreement.commitments.order_by("number")
    services.set_commitment_status(commitment=three, by=None, status=CommitmentStatus.AT_RISK)

    review = services.record_review(
        agreement=agreement,
        by=world.r5_officer,
        reviewed_on=date(2026, 3, 31),
        outcome=ReviewOutcome.AMEND,
        notes=" Cần bổ sung cam kết ",
        statuses={one.pk: CommitmentStatus.MET, two.pk: CommitmentStatus.NOT_MET},
        today=date(2026, 4, 2),
    )

    agreement = reload(agreement)
    assert (agreement.status, agreement.next_review_on, agreement.status_changed_on) == (
        S.ACTIVE,
        date(2027, 3, 31),
        date(2026, 4, 2),
    )
    assert (review.reviewed_on, review.outcome, review.notes, review.created_by) == (
        date(2026, 3, 31),
        ReviewOutcome.AMEND,
        "Cần bổ sung cam kết",
        world.r5_officer,
    )
    assert list(agreement.commitments.order_by("number").values_list("status", flat=True)) == [
        CommitmentStatus.MET,
        CommitmentStatus.NOT_MET,
        CommitmentStatus.AT_RISK,
    ]
    snapshot_rows = review.commitment_statuses.order_by("commitment__number")
    assert [(r.commitment_id, r.status) for r in snapshot_rows] == [
        (one.pk, CommitmentStatus.MET),
        (two.pk, CommitmentStatus.NOT_MET),
        (three.pk, CommitmentStatus.AT_RISK),
    ]
    event = agreement.events.order_by("-id").first()
    assert (event.action, event.from_status, event.to_status, event.note) == (
        "record_review",
        S.UNDER_REVIEW,
        S.ACTIVE,
        "Continue with amendments",
    )
    assert reload(agreement).health == Health.POOR


def test_a_later_status_change_does_not_rewrite_an_earlier_review(world):
    agreement = make_agreement(branch=world.region5, status=S.ACTIVE, commitments=[CommitmentSide.CUSTOMS])
    commitment = agreement.commitments.get()
    review = services.record_review(
        agreement=agreement, by=world.r5_officer, reviewed_on=today(), outcome=ReviewOutcome.CONTINUE
    )

    services.set_commitment_status(commitment=commitment, by=world.r5_officer, status=CommitmentStatus.NOT_MET)

    assert list(review.commitment_statuses.values_list("status", flat=True)) == [CommitmentStatus.ON_TRACK]


@pytest.mark.parametrize(
    ("reviewed_on", "field", "message"),
    [
        (lambda: today() + timedelta(days=1), "reviewed_on", "The review date cannot be in the future."),
        (lambda: today() - timedelta(days=31), "reviewed_on", "The review date cannot be before the signing date."),
    ],
    ids=["future", "before-signing"],
)
def test_a_review_date_must_lie_between_the_signature_and_today(world, reviewed_on, field, message):
    agreement = make_agreement(branch=world.region5, status=S.UNDER_REVIEW)  # signed 30 days ago
    before = snapshot(agreement)

    with pytest.raises(DomainError) as error:
        services.record_review(
            agreement=agreement, by=world.r5_officer, reviewed_on=reviewed_on(), outcome=ReviewOutcome.CONTINUE
        )

    assert (error.value.field, error.value.message) == (field, message)
    assert snapshot(agreement) == before
    assert not AgreementReview.objects.exists()


def test_a_review_cannot_set_the_status_of_another_agreements_commitment(world):
    agreement = make_agreement(branch=world.region5, status=S.UNDER_REVIEW)
    other = make_agreement(branch=world.region5, status=S.ACTIVE)
    own = agreement.commitments.order_by("number").first()
    foreign = other.commitments.order_by("number").first()
    before = snapshot(agreement)

    with pytest.raises(DomainError) as error:
        services.record_review(
            agreement=agreement,
            by=world.r5_officer,
            reviewed_on=today(),
            outcome=ReviewOutcome.CONTINUE,
            statuses={own.pk: CommitmentStatus.MET, foreign.pk: CommitmentStatus.NOT_MET},
        )

    assert (error.value.field, error.value.message) == ("statuses", "Some commitments do not belong to this agreement.")
    assert snapshot(agreement) == before
    assert set(Commitment.objects.values_list("status", flat=True)) == {CommitmentStatus.ON_TRACK}
    assert not AgreementReview.objects.exists()


def test_a_review_with_an_unknown_outcome_is_refused(world):
    agreement = make_agreement(branch=world.region5, status=S.UNDER_REVIEW)

    with pytest.raises(DomainError):
        services.record_review(agreement=agreement, by=world.r5_officer, reviewed_on=today(), outcome="bogus")

    assert not AgreementReview.objects.exists()


def test_an_unknown_commitment_status_is_refused_with_a_domain_error(world):
    agreement = make_agreement(branch=world.region5, status=S.ACTIVE)
    commitment = agreement.commitments.order_by("number").first()

    with pytest.raises(DomainError):
        services.set_commitment_status(commitment=commitment, by=world.r5_officer, status="done")


# --- Renewal and amendment ----------------------------------------------------------------------------------------


def test_renewing_drafts_a_successor_with_the_parties_and_fresh_commitments(world):
    association = factories.AssociationFactory(name_vi="Phòng Thương mại Châu Âu tại Việt Nam", short_name="EuroCham")
    agreement = make_agreement(
        branch=world.region5,
        status=S.ACTIVE,
        by=world.r5_manager,
        parties=[
            party(world.ent_a, signatory_name="Park Ji-hoon"),
            party(association, signatory_name="Bruno Jaspaert"),
        ],
        scope="Hợp tác tuân thủ",
        review_cycle_months=6,
        focal_officers=[world.r5_officer],
    )
    one, two = agreement.commitments.order_by("number")
    services.set_commitment_status(commitment=one, by=None, status=CommitmentStatus.NOT_MET)
    Commitment.objects.filter(pk=two.pk).update(due_on=date(2026, 12, 31))

    successor = services.renew_agreement(agreement=agreement, by=world.r5_officer, title="Thỏa thuận 2027–2029")

    successor = reload(successor)
    assert (successor.status, successor.predecessor, successor.succession) == (S.DRAFT, agreement, Succession.RENEWAL)
    assert (successor.title, successor.doc_number, successor.branch, successor.scope) == (
        "Thỏa thuận 2027–2029",
        "",
        world.region5,
        "Hợp tác tuân thủ",
    )
    assert (successor.customs_signatory_name, successor.review_cycle_months) == ("Trần Văn Dũng", 6)
    assert (successor.signed_on, successor.effective_from, successor.expires_on) == (None, None, None)
    assert list(successor.focal_officers.all()) == [world.r5_officer]
    assert [(p.enterprise, p.association, p.signatory_name) for p in successor.parties.order_by("pk")] == [
        (world.ent_a, None, "Park Ji-hoon"),
        (None, association, "Bruno Jaspaert"),
    ]
    assert [(c.number, c.side, c.text, c.status, c.due_on) for c in successor.commitments.order_by("number")] == [
        (1, one.side, one.text, CommitmentStatus.ON_TRACK, None),
        (2, two.side, two.text, CommitmentStatus.ON_TRACK, None),
    ]
    assert reload(agreement).status == S.ACTIVE
    assert agreement.events.order_by("-id").first().note == "Successor drafted: Thỏa thuận 2027–2029"
    assert list(successor.events.values_list("action", "note")) == [("create", f"Prepared from {agreement}")]


@pytest.mark.parametrize("second", ["renew", "amend"])
def test_a_second_successor_is_refused_while_one_is_being_prepared(world, second):
    agreement = make_agreement(branch=world.region5, status=S.ACTIVE)
    pending = services.renew_agreement(agreement=agreement, by=world.r5_officer)
    services.submit_for_review(agreement=pending, by=world.r5_officer)
    before = snapshot(agreement)

    with pytest.raises(DomainError) as error:
        ACTIONS[second](agreement, world.r5_officer)

    assert error.value.message == f"A successor of this agreement is already being prepared ({reload(pending)})."
    assert snapshot(agreement) == before
    assert list(agreement.successors.all()) == [pending]


def test_a_new_renewal_may_be_drafted_once_the_pending_one_is_abandoned(world):
    agreement = make_agreement(branch=world.region5, status=S.ACTIVE)
    abandoned = services.renew_agreement(agreement=agreement, by=world.r5_officer)
    services.terminate_agreement(agreement=abandoned, by=world.r5_manager, reason="Soạn lại")

    again = services.renew_agreement(agreement=agreement, by=world.r5_officer)

    assert set(agreement.successors.values_list("pk", "status")) == {(abandoned.pk, S.TERMINATED), (again.pk, S.DRAFT)}


@pytest.mark.parametrize(
    ("action", "source", "final"),
    [
        ("renew", S.ACTIVE, S.RENEWED),
        ("renew", S.SUSPENDED, S.RENEWED),
        ("renew", S.EXPIRED, S.RENEWED),
        ("amend", S.SIGNED, S.AMENDED),
        ("amend", S.UNDER_REVIEW, S.AMENDED),
    ],
)
def test_signing_the_successor_ends_the_agreement_it_replaces(world, action, source, final):
    agreement = make_agreement(branch=world.region5, status=source, by=world.r5_manager)
    successor = ACTIONS[action](agreement, world.r5_officer)
    services.update_agreement(agreement=successor, by=world.r5_officer, doc_number="200/TTHT-KV5")
    for step in ("submit", "negotiate", "approve"):
        ACTIONS[step](successor, world.r5_manager)
    assert reload(agreement).status == source  # still in force (or expired) until the successor is signed

    services.sign_agreement(agreement=successor, by=world.r5_officer, signed_on=today(), today=today())

    agreement = reload(agreement)
    assert (agreement.status, agreement.status_changed_on) == (final, today())
    event = agreement.events.order_by("-id").first()
    assert (event.action, event.from_status, event.to_status, event.by, event.note) == (
        action,
        source,
        final,
        world.r5_officer,
        "Replaced by 200/TTHT-KV5 – Thỏa thuận hợp tác Hải quan – Doanh nghiệp",
    )
    assert reload(successor).status == S.SIGNED


def test_an_expired_agreement_can_be_renewed_but_not_amended(world):
    agreement = make_agreement(branch=world.region5, status=S.EXPIRED)

    with pytest.raises(DomainError):
        services.amend_agreement(agreement=agreement, by=world.r5_officer)
    successor = services.renew_agreement(agreement=agreement, by=world.r5_officer)

    assert (successor.predecessor, successor.succession) == (agreement, Succession.RENEWAL)


def test_the_factory_builds_renewed_and_amended_agreements_with_their_signed_successor(world):
    renewed = make_agreement(branch=world.region5, status=S.RENEWED)
    amended = make_agreement(branch=world.region5, status=S.AMENDED)

    assert (renewed.status, renewed.successors.get().status, renewed.successors.get().succession) == (
        S.RENEWED,
        S.SIGNED,
        Succession.RENEWAL,
    )
    assert (amended.status, amended.successors.get().succession) == (S.AMENDED, Succession.AMENDMENT)


# --- Suspension and termination ----------------------------------------------------------------------------------


@pytest.mark.parametrize("action", ["suspend", "terminate"])
@pytest.mark.parametrize("reason", ["", "   "])
def test_suspending_or_terminating_needs_a_reason(world, action, reason):
    agreement = make_agreement(branch=world.region5, status=S.ACTIVE)
    before = snapshot(agreement)
    service = services.suspend_agreement if action == "suspend" else services.terminate_agreement

    with pytest.raises(DomainError) as error:
        service(agreement=agreement, by=world.r5_manager, reason=reason)

    assert (error.value.field, error.value.message) == ("reason", "Give the reason.")
    assert snapshot(agreement) == before


def test_a_suspension_keeps_its_reason_until_the_agreement_resumes(world):
    agreement = make_agreement(branch=world.region5, status=S.ACTIVE)

    services.suspend_agreement(agreement=agreement, by=world.r5_manager, reason=" Doanh nghiệp bị xử phạt ")
    suspended = reload(agreement)
    services.resume_agreement(agreement=agreement, by=world.r5_manager, note="Đã khắc phục")
    resumed = reload(agreement)

    assert (suspended.status, suspended.status_reason) == (S.SUSPENDED, "Doanh nghiệp bị xử phạt")
    assert suspended.events.order_by("-id")[1].note == "Doanh nghiệp bị xử phạt"
    assert (resumed.status, resumed.status_reason) == (S.ACTIVE, "")
    assert resumed.events.order_by("-id").first().note == "Đã khắc phục"


def test_termination_keeps_its_reason(world):
    agreement = make_agreement(branch=world.region5, status=S.ACTIVE)

    services.terminate_agreement(agreement=agreement, by=world.r5_manager, reason="Doanh nghiệp giải thể")

    agreement = reload(agreement)
    assert (agreement.status, agreement.status_reason) == (S.TERMINATED, "Doanh nghiệp giải thể")


# --- Documents ---------------------------------------------------------------------------------------------------


def test_a_signed_scan_in_pdf_is_attached_and_logged(world):
    agreement = make_agreement(branch=world.region5, status=S.SIGNED)

    document = services.add_document(
        agreement=agreement,
        by=world.r5_officer,
        file=SimpleUploadedFile("thoa-thuan.pdf", PDF_BYTES, content_type="application/pdf"),
        kind=DocumentKind.SIGNED_SCAN,
        title=" Bản ký ",
    )

    document = AgreementDocument.objects.get(pk=document.pk)
    assert (document.agreement, document.kind, document.title, document.size) == (
        agreement,
        DocumentKind.SIGNED_SCAN,
        "Bản ký",
        len(PDF_BYTES),
    )
    assert document.file.name.startswith(f"agreements/{timezone.now():%Y}/thoa-thuan")
    assert document.file.read() == PDF_BYTES
    event = agreement.events.order_by("-id").first()
    assert (event.action, event.note, event.by) == ("document", "Bản ký", world.r5_officer)


def test_minutes_may_be_a_png_scan_but_a_signed_scan_must_be_a_pdf(world):
    agreement = make_agreement(branch=world.region5, status=S.ACTIVE)
    services.add_document(
        agreement=agreement,
        by=world.r5_officer,
        file=SimpleUploadedFile("bien-ban.png", PNG_BYTES),
        kind=DocumentKind.MINUTES,
    )

    with pytest.raises(DomainError) as error:
        services.add_document(
            agreement=agreement,
            by=world.r5_officer,
            file=SimpleUploadedFile("scan.png", PNG_BYTES),
            kind=DocumentKind.SIGNED_SCAN,
        )

    assert error.value.field == "file"
    assert list(AgreementDocument.objects.values_list("kind", flat=True)) == [DocumentKind.MINUTES]
    assert agreement.events.order_by("-id").first().note == "Minutes"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "scan.pdf",
            b"MZ\x90\x00 not a pdf at all",
            "This file is not a valid PDF document; upload the signed scan as PDF.",
        ),
        ("scan.pdf", PDF_BYTES + b"x" * 1024, "The file is larger than 1 KB; scan it at a lower resolution."),
        ("scan.pdf", b"", "The file is empty."),
    ],
    ids=["not-a-pdf-named-pdf", "too-large", "empty"],
)
def test_a_wrong_document_is_refused_and_nothing_is_stored(world, settings, name, content, message):
    settings.DOCUMENT_MAX_BYTES = 1024
    agreement = make_agreement(branch=world.region5, status=S.SIGNED)
    events = agreement.events.count()

    with pytest.raises(DomainError) as error:
        services.add_document(
            agreement=agreement,
            by=world.r5_officer,
            file=SimpleUploadedFile(name, content, content_type="application/pdf"),
            kind=DocumentKind.SIGNED_SCAN,
        )

    assert (error.value.field, error.value.message) == ("file", message)
    assert not AgreementDocument.objects.exists()
    assert agreement.events.count() == events


# --- Scheduled moves ---------------------------------------------------------------------------------------------


def test_the_expiry_scan_expires_only_agreements_in_force_whose_expiry_date_has_passed(world):
    day = date(2026, 6, 30)
    signed_on = date(2025, 1, 2)

    def in_force(status, expires_on):
        return make_agreement(
            branch=world.region5, status=status, by=world.r5_manager, signed_on=signed_on, expires_on=expires_on
        )

    due = [in_force(status, day - timedelta(days=1)) for status in IN_FORCE]
    expiring_today = in_force(S.ACTIVE, day)
    open_ended = in_force(S.ACTIVE, None)
    draft = make_draft(branch=world.region5, effective_from=date(2025, 1, 1), expires_on=date(2025, 12, 31))
    terminated = in_force(S.TERMINATED, date(2026, 1, 1))

    assert services.expire_due_agreements(today=day) == len(IN_FORCE)

    for agreement in due:
        agreement = reload(agreement)
        assert (agreement.status, agreement.status_changed_on) == (S.EXPIRED, day)
        event = agreement.events.order_by("-id").first()
        assert (event.action, event.by, event.to_status, event.note) == (
            "expire",
            None,
            S.EXPIRED,
            "Expiry date passed",
        )
    assert [reload(a).status for a in (expiring_today, open_ended, draft, terminated)] == [
        S.ACTIVE,
        S.ACTIVE,
        S.DRAFT,
        S.TERMINATED,
    ]

    events = sum(a.events.count() for a in Agreement.objects.all())
    assert services.expire_due_agreements(today=day) == 0
    assert sum(a.events.count() for a in Agreement.objects.all()) == events


def test_the_activation_scan_activates_signed_agreements_that_took_effect_and_only_once(world):
    day = today()
    took_effect = make_agreement(branch=world.region5, status=S.SIGNED, signed_on=day - timedelta(days=2))
    starts_today = make_agreement(
        branch=world.region5, status=S.SIGNED, signed_on=day - timedelta(days=2), effective_from=day
    )
    later = make_agreement(branch=world.region5, status=S.SIGNED, signed_on=day, effective_from=day + timedelta(days=1))
    suspended = make_agreement(branch=world.region5, status=S.SUSPENDED)

    assert services.activate_due_agreements(today=day) == 2

    assert [reload(a).status for a in (took_effect, starts_today, later, suspended)] == [
        S.ACTIVE,
        S.ACTIVE,
        S.SIGNED,
        S.SUSPENDED,
    ]
    event = took_effect.events.order_by("-id").first()
    assert (event.action, event.by, event.from_status, event.to_status) == ("activate", None, S.SIGNED, S.ACTIVE)
    assert services.activate_due_agreements(today=day) == 0
    assert took_effect.events.filter(action="activate").count() == 1


def test_agreements_expiring_within_n_days_are_those_in_force_that_end_in_that_window(world):
    day = today()

    def ending(status, expires_on, **dates):
        return make_agreement(
            branch=world.region5,
            status=status,
            by=world.r5_manager,
            signed_on=day - timedelta(days=400),
            expires_on=expires_on,
            **dates,
        )

    ends_today = ending(S.ACTIVE, day)
    last_day = ending(S.SUSPENDED, day + timedelta(days=30))
    ending(S.ACTIVE, day + timedelta(days=31))
    ending(S.ACTIVE, None)
    ending(S.TERMINATED, day + timedelta(days=10))
    make_draft(branch=world.region5, effective_from=day - timedelta(days=400), expires_on=day + timedelta(days=5))

    soon = Agreement.objects.expiring_within(day, 30)

    assert set(soon.values_list("pk", flat=True)) == {ends_today.pk, last_day.pk}
