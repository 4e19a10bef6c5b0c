import io

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from crm import access
from crm.models import (
    Branch,
    BranchCoverage,
    BranchKind,
    Contact,
    Enterprise,
    EnterpriseUnit,
    Notification,
    PortalMembership,
    Province,
    Segment,
    User,
)
from crm.taxcodes import normalise_tax_code
from dialogues.models import ActionStatus, Conference, ConferenceStatus, RegistrationStatus
from partnerships import selectors
from partnerships.models import (
    IN_FORCE,
    Agreement,
    AgreementReview,
    AgreementStatus,
    Commitment,
    CommitmentStatus,
    Enrolment,
    EnrolmentReview,
    EnrolmentStatus,
    Metric,
    Pledge,
    PledgeCampaign,
    PledgeStatus,
    ProgrammeKind,
    Target,
)

pytestmark = pytest.mark.django_db

FIXED_TAX_CODES = [
    "2352601817",
    "2359083018",
    "2366131865",
    "2496030829",
    "4646281948",
    "4982199351",
    "5718190934",
    "0178657972",
    "0354323199",
    "2348757498",
]


def counts() -> dict[str, int]:
    return {
        "provinces": Province.objects.count(),
        "branches": Branch.objects.count(),
        "coverages": BranchCoverage.objects.count(),
        "enterprises": Enterprise.objects.count(),
        "units": EnterpriseUnit.objects.count(),
        "contacts": Contact.objects.count(),
        "users": User.objects.count(),
        "segments": Segment.objects.count(),
        "agreements": Agreement.objects.count(),
        "commitments": Commitment.objects.count(),
        "reviews": AgreementReview.objects.count(),
        "campaigns": PledgeCampaign.objects.count(),
        "pledges": Pledge.objects.count(),
        "enrolments": Enrolment.objects.count(),
        "enrolment reviews": EnrolmentReview.objects.count(),
        "targets": Target.objects.count(),
    }


@pytest.fixture(scope="module")
def _seeded_module(django_db_setup, django_db_blocker):
    """Seed once for the whole module inside a transaction that is rolled back afterwards (the seed takes seconds)."""
    fast_hasher = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), fast_hasher, transaction.atomic():
        call_command("seed_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def seeded(_seeded_module, db):
    """Each test runs in a savepoint inside the module's seeded transaction."""


def test_seeding_twice_creates_nothing_the_second_time(seeded):
    first = counts()
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert counts() == first
    assert out.getvalue().startswith("Demo data already loaded")
    assert first["provinces"] == 63
    assert first["branches"] == 1 + 20 + 9
    assert first["segments"] == 6
    assert first["units"] == 1
    assert first["users"] == 6
    assert 450 <= first["enterprises"] <= 475
    assert first["agreements"] == 46
    assert 250 <= first["pledges"] <= 400


def test_there_are_twenty_regional_branches_numbered_i_to_xx(seeded):
    regions = Branch.objects.filter(kind=BranchKind.REGIONAL).order_by("code")
    assert [b.code for b in regions] == [f"KV{n:02d}" for n in range(1, 21)]
    assert [b.roman_numeral for b in regions] == [
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X",
        "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX",
    ]  # fmt: skip
    assert regions[4].name_vi == "Chi cục Hải quan khu vực V"
    assert regions[4].name_en == "Regional Customs Branch V"
    assert regions[4].hq_province.name_vi == "Bắc Ninh"
    assert {b.parent.code for b in regions} == {"CHQ"}


def test_provinces_merged_in_2025_point_at_their_survivor(seeded):
    bac_giang = Province.objects.get(name_vi="Bắc Giang")
    assert (bac_giang.merged_into.name_vi, str(bac_giang.valid_to)) == ("Bắc Ninh", "2025-06-30")
    assert Province.objects.get(name_vi="Bình Dương").merged_into.name_vi == "TP Hồ Chí Minh"
    assert Province.objects.filter(merged_into__isnull=True).count() == 34


def test_region5_covers_bac_ninh_and_thai_nguyen_from_july_2025(seeded):
    region5 = Branch.objects.get(code="KV05")
    later = region5.coverages.filter(valid_to__isnull=True).order_by("province__name_vi")
    assert [c.province.name_vi for c in later] == ["Bắc Ninh", "Thái Nguyên"]
    earlier = region5.coverages.filter(valid_to__isnull=False)
    assert sorted(c.province.name_vi for c in earlier) == [
        "Bắc Giang",
        "Bắc Kạn",
        "Bắc Ninh",
        "Thái Nguyên",
        "Tuyên Quang",
    ]


def test_every_enterprise_has_a_valid_tax_code_and_the_fixed_examples_exist(seeded):
    codes = list(Enterprise.objects.values_list("tax_code", flat=True))
    assert all(normalise_tax_code(code) == code for code in codes)
    assert set(FIXED_TAX_CODES) <= set(codes)
    assert EnterpriseUnit.objects.get(tax_code="2348757498-001").enterprise.tax_code == "2348757498"
    assert Enterprise.objects.filter(aeo_status="recognised").count() == 3


def test_most_enterprises_are_in_region5(seeded):
    region5 = Branch.objects.get(code="KV05")
    share = (
        Enterprise.objects.filter(managing_branch__path__startswith=region5.path).count() / Enterprise.objects.count()
    )
    assert 0.70 <= share <= 0.76  # the core plan plus Region V's traders, whom the pledge campaign reaches
    offices = set(
        Enterprise.objects.filter(managing_branch__parent=region5).values_list("managing_branch__code", flat=True)
    )
    assert offices == {"KV05-BN", "KV05-YP", "KV05-TN"}


def test_every_enterprise_has_one_to_three_contacts(seeded):
    per_enterprise = [e.contacts.count() for e in Enterprise.objects.prefetch_related("contacts")]
    assert min(per_enterprise) == 1
    assert max(per_enterprise) == 3


@pytest.mark.parametrize("username", ["hq_admin", "r5_manager", "r5_officer", "r6_officer", "ent_a", "ent_b"])
def test_the_demo_logins_authenticate_with_the_demo_password(seeded, username):
    assert authenticate(username=username, password="demo12345").username == username


def test_ent_a_and_ent_b_act_for_different_region5_enterprises(seeded):
    region5 = Branch.objects.get(code="KV05")
    a = PortalMembership.objects.get(user__username="ent_a").enterprise
    b = PortalMembership.objects.get(user__username="ent_b").enterprise
    assert (a.tax_code, b.tax_code) == ("2352601817", "2359083018")
    assert a.managing_branch.path.startswith(region5.path)
    assert b.managing_branch.path.startswith(region5.path)


def test_r5_officer_sees_only_enterprises_of_the_region5_subtree(seeded):
    region5 = Branch.objects.get(code="KV05")
    officer = User.objects.get(username="r5_officer")
    visible = Enterprise.objects.visible_to(officer)
    expected = Enterprise.objects.filter(managing_branch__path__startswith=region5.path)
    assert set(visible.values_list("pk", flat=True)) == set(expected.values_list("pk", flat=True))
    assert visible.count() < Enterprise.objects.count()
    assert access.is_hq_admin(User.objects.get(username="hq_admin"))


# Partnerships (partnerships.demo_data) ----------------------------------------------------------------------------


def region5_agreements():
    return Agreement.objects.filter(branch__path__startswith=Branch.objects.get(code="KV05").path)


def test_region5_has_agreements_in_every_status_with_the_successors_of_the_renewed_and_amended_ones(seeded):
    agreements = region5_agreements()
    assert set(agreements.values_list("status", flat=True)) == set(AgreementStatus)
    for status in (AgreementStatus.RENEWED, AgreementStatus.AMENDED):
        ended = agreements.get(status=status)
        successor = ended.successors.get()
        assert successor.status == AgreementStatus.ACTIVE
        assert successor.signed_on > ended.signed_on
    signed = agreements.exclude(status__in=[AgreementStatus.DRAFT, AgreementStatus.INTERNAL_REVIEW])
    assert not signed.filter(doc_number="").exists()
    assert not agreements.filter(status__in=IN_FORCE, expires_on__lt=timezone.localdate()).exists()
    assert agreements.get(status=AgreementStatus.SIGNED).effective_from > timezone.localdate()


def test_several_agreements_have_many_enterprises_and_an_association_as_parties(seeded):
    sizes = [
        (a.parties.filter(enterprise__isnull=False).count(), a.parties.filter(association__isnull=False).count())
        for a in region5_agreements()
    ]
    multi = [(enterprises, associations) for enterprises, associations in sizes if enterprises >= 2]
    assert len(multi) >= 5
    assert max(enterprises for enterprises, _ in sizes) == 16
    assert sum(1 for enterprises, associations in multi if associations) >= 3
    assert (0, 1) in sizes  # the coordination regulation with an association only


def test_commitments_on_both_sides_have_mixed_statuses_and_reviews_keep_their_snapshot(seeded):
    statuses = set(Commitment.objects.values_list("side", "status"))
    assert {status for _side, status in statuses} == set(CommitmentStatus)
    assert {side for side, _status in statuses} == {"customs", "business"}
    officer = User.objects.get(username="r5_officer")
    health = {a.health for a in selectors.agreements_visible_to(officer)}
    assert {"good", "attention", "poor"} <= health
    assert AgreementReview.objects.count() >= 5
    review = AgreementReview.objects.order_by("pk").first()
    assert review.commitment_statuses.count() == review.agreement.commitments.count()


def test_the_pledge_campaign_has_hundreds_of_pledges_and_non_signers_in_its_segment(seeded):
    campaign = PledgeCampaign.objects.get(name__startswith="Không sản xuất, buôn bán hàng giả, hàng lậu")
    today = timezone.localdate()
    assert campaign.branch.code == "KV05"
    assert campaign.starts_on <= today <= campaign.ends_on
    assert campaign.name.endswith(str(campaign.starts_on.year))
    assert campaign.target_segment.code == "trading"
    assert 200 <= campaign.pledges.count() <= campaign.target_signers
    assert {PledgeStatus.ACTIVE, PledgeStatus.WITHDRAWN, PledgeStatus.BREACHED} <= set(
        campaign.pledges.values_list("status", flat=True)
    )
    assert not campaign.pledges.filter(signed_on__gt=today).exists()
    manager = User.objects.get(username="r5_manager")
    assert 10 <= selectors.campaign_non_signers(manager, campaign).count() <= 60


def test_both_programmes_have_members_in_every_enrolment_status_and_reviews(seeded):
    for kind in ProgrammeKind:
        enrolments = Enrolment.objects.filter(programme__kind=kind)
        assert set(enrolments.values_list("status", flat=True)) == set(EnrolmentStatus), kind
        assert EnrolmentReview.objects.filter(enrolment__programme__kind=kind).exists(), kind
    changes = set(EnrolmentReview.objects.values_list("change", flat=True))
    assert {"raised", "kept", "lowered"} <= changes
    for member in Enrolment.objects.filter(programme__kind=ProgrammeKind.VOLUNTARY_COMPLIANCE, status="active"):
        assert member.mou.status in IN_FORCE
        assert member.mou.parties.filter(enterprise=member.enterprise).exists()


def test_region5_has_a_target_for_every_metric_this_year(seeded):
    region5 = Branch.objects.get(code="KV05")
    targets = Target.objects.filter(branch=region5, year=timezone.localdate().year)
    assert set(targets.values_list("metric", flat=True)) == set(Metric)
    assert all(t.striving >= t.assigned > 0 for t in targets)
    assert targets.get(metric=Metric.AGREEMENTS_SIGNED).assigned == 70
    assert targets.get(metric=Metric.BUDGET_REVENUE_VND).assigned == 14_500 * 10**9
    progress = {
        row.metric: row.actual
        for row in selectors.target_progress(
            User.objects.get(username="r5_manager"), branch=region5, year=timezone.localdate().year
        )
    }
    this_year = Pledge.objects.filter(signed_on__year=timezone.localdate().year).exclude(status=PledgeStatus.WITHDRAWN)
    assert progress[Metric.PLEDGES_COLLECTED] == this_year.count()
    assert progress[Metric.PROGRAMME_MEMBERS] == 12


def test_the_annual_dialogue_invites_300_businesses_with_registrations_a_waiting_list_and_advance_questions(seeded):
    conference = Conference.objects.get(title__startswith="Hội nghị đối thoại Hải quan – Doanh nghiệp năm")
    assert conference.invitations.count() == 300
    assert conference.status == ConferenceStatus.INVITATIONS_SENT
    assert conference.registrations.filter(status=RegistrationStatus.REGISTERED).count() > 100
    assert conference.registrations.filter(status=RegistrationStatus.WAITLISTED).exists()
    assert conference.questions.count() == 15
    assert Notification.objects.filter(subject=f"conference:{conference.pk}").count() > 300


def test_the_closed_conference_has_a_report_and_actions_in_every_state(seeded):
    conference = Conference.objects.get(title="Đối thoại chuyên đề loại hình gia công, sản xuất xuất khẩu")
    assert conference.status == ConferenceStatus.MINUTES_PUBLISHED
    assert conference.report.attendee_count == 34
    assert conference.recommendations.count() == 2
    assert set(conference.actions.values_list("status", flat=True)) == set(ActionStatus.values)
    assert conference.actions.get(status=ActionStatus.DONE).evidence_note
