"""manage.py seed_demo: a deterministic demo world (provinces, customs units, ~460 enterprises, demo logins) and the
partnerships and dialogues of Region V (partnerships.demo_data, dialogues.demo_data).

Idempotent: every record is looked up by its natural key and skipped when present, so a second run writes nothing.
All writes go through crm.services; the invented data comes from random.Random(42) and crm.demo_data.
"""

import random
import time

from django.core.management.base import BaseCommand
from django.db import transaction

from crm import demo_data as data
from crm.models import (
    Association,
    Branch,
    BranchCoverage,
    BranchKind,
    Contact,
    ContactLanguage,
    DeclarationType,
    Enterprise,
    EnterpriseUnit,
    Province,
    Segment,
    User,
)
from crm.services import branches as branch_services
from crm.services import enterprises as enterprise_services
from crm.services import reference as reference_services
from crm.services import staff as staff_services
from crm.taxcodes import make_tax_code
from crm.text import search_key
from dialogues.demo_data import seed_dialogues
from dialogues.models import (
    Answer,
    BankEntry,
    Conference,
    FollowUpAction,
    Invitation,
    LegalDocument,
    Question,
    Registration,
)
from partnerships.demo_data import seed_partnerships
from partnerships.models import Agreement, Enrolment, Pledge, Target

AREA_CODES = {
    "27": "222",
    "19": "208",
    "24": "204",
    "20": "205",
    "04": "206",
    "22": "203",
    "01": "24",
    "79": "28",
    "31": "225",
}
# Region V's wholesalers and distributors: the traders a pledge campaign against counterfeit and smuggled goods reaches
# (the partnerships demo collects a few hundred pledges). Generated after data.ENTERPRISE_PLAN, so that the
# enterprises generated from it stay the same.
TRADER_PLAN = [
    ("trader", 110, "23", "27", ["KV05-BN", "KV05", "KV05-YP"], [""]),
    ("trader", 50, "46", "19", ["KV05-TN"], [""]),
]
ASSOCIATION_SHORT = {short: name_vi for name_vi, _en, short, _p, _w in data.ASSOCIATIONS}


class Command(BaseCommand):
    help = (
        "Load the demo data (idempotent): provinces, the customs unit tree, enterprises, contacts, demo logins, "
        "the partnerships and dialogues of Region V."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        before = _counts()
        with transaction.atomic():
            provinces = self._provinces()
            branches = self._branches(provinces)
            self._coverage(branches, provinces)
            segments = self._segments()
            associations = self._associations(provinces)
            self._enterprises(branches, provinces, segments, associations)
            self._logins(branches)
            seed_partnerships()
            seed_dialogues()
        after = _counts()
        added = {name: after[name] - before[name] for name in after}
        summary = ", ".join(f"{after[name]} {name}" for name in after)
        if any(added.values()):
            new = ", ".join(f"{n} {name}" for name, n in added.items() if n)
            self.stdout.write(f"Demo data: added {new} in {time.monotonic() - started:.1f}s. Now: {summary}.")
        else:
            self.stdout.write(f"Demo data already loaded ({summary}).")

    # Reference data -------------------------------------------------------------------------------------------

    def _provinces(self) -> dict[str, Province]:
        existing = {p.code: p for p in Province.objects.all()}
        # Survivors first, so that merged provinces can point at them.
        for code, name_vi, name_en, merged_into in sorted(data.PROVINCES, key=lambda row: row[3] is not None):
            if code in existing:
                continue
            existing[code] = reference_services.save_province(
                by=None,
                code=code,
                name_vi=name_vi,
                name_en=name_en,
                valid_to=data.MERGER_LAST_DAY if merged_into else None,
                merged_into=existing[merged_into] if merged_into else None,
            )
        return existing

    def _branches(self, provinces) -> dict[str, Branch]:
        existing = {b.code: b for b in Branch.objects.all()}
        department = existing.get(data.DEPARTMENT["code"]) or Branch.objects.filter(kind=BranchKind.DEPARTMENT).first()
        if department is None:
            department = branch_services.create_branch(
                by=None, parent=None, kind=BranchKind.DEPARTMENT, **data.DEPARTMENT
            )
        existing[data.DEPARTMENT["code"]] = department
        numerals = {b.roman_numeral: b for b in existing.values() if b.roman_numeral}
        for number, (hq, _provinces) in data.REGIONS_382.items():
            code, numeral = f"KV{number:02d}", data.ROMAN[number - 1]
            if code in existing or numeral in numerals:
                existing.setdefault(code, numerals.get(numeral))
                continue
            existing[code] = branch_services.create_branch(
                by=None,
                parent=department,
                kind=BranchKind.REGIONAL,
                code=code,
                roman_numeral=numeral,
                name_vi=f"Chi cục Hải quan khu vực {numeral}",
                name_en=f"Regional Customs Branch {numeral}",
                short_name=f"KV {numeral}",
                hq_province=provinces[hq],
                active_from=data.REGIONS_START,
            )
        for code, region, kind, name_vi, name_en in data.OFFICES:
            if code in existing:
                continue
            existing[code] = branch_services.create_branch(
                by=None,
                parent=existing[f"KV{region:02d}"],
                kind=kind,
                code=code,
                name_vi=name_vi,
                name_en=name_en,
                active_from=data.REGIONS_START,
            )
        return existing

    def _coverage(self, branches, provinces) -> None:
        existing = set(BranchCoverage.objects.values_list("branch_id", "province_id", "valid_from"))

        def add(branch, province, valid_from, valid_to, legal_basis, note=""):
            if (branch.pk, province.pk, valid_from) in existing:
                return
            branch_services.add_coverage(
                by=None,
                branch=branch,
                province=province,
                valid_from=valid_from,
                valid_to=valid_to,
                legal_basis=legal_basis,
                note=note,
            )

        merged = {code for code, _vi, _en, into in data.PROVINCES if into}
        for number, (_hq, codes) in data.REGIONS_382.items():
            branch = branches[f"KV{number:02d}"]
            for code in codes:
                add(branch, provinces[code], data.REGIONS_START, data.COVERAGE_382_END, data.LEGAL_BASIS_382)
            later, note = data.REGIONS_2019_KNOWN.get(number, ([c for c in codes if c not in merged], None))
            for code in later:
                add(
                    branch,
                    provinces[code],
                    data.COVERAGE_2019_START,
                    None,
                    data.LEGAL_BASIS_2019,
                    data.NOTE_TO_CONFIRM if note is None else note,
                )

    def _segments(self) -> dict[str, Segment]:
        existing = {s.code: s for s in Segment.objects.all()}
        types = {t.code: t for t in DeclarationType.objects.all()}
        for code, name_vi, name_en, type_codes in data.SEGMENTS:
            if code not in existing:
                existing[code] = reference_services.save_segment(
                    by=None,
                    code=code,
                    name_vi=name_vi,
                    name_en=name_en,
                    declaration_types=[types[c] for c in type_codes if c in types],
                )
        return existing

    def _associations(self, provinces) -> dict[str, Association]:
        existing = {a.name_vi: a for a in Association.objects.all()}
        for name_vi, name_en, short_name, province, website in data.ASSOCIATIONS:
            if name_vi not in existing:
                existing[name_vi] = reference_services.save_association(
                    by=None,
                    name_vi=name_vi,
                    name_en=name_en,
                    short_name=short_name,
                    province=provinces[province] if province else None,
                    website=website,
                )
        return existing

    # Enterprises ------------------------------------------------------------------------------------------------

    def _enterprises(self, branches, provinces, segments, associations) -> None:
        specs = build_enterprise_specs(random.Random(42))
        existing = set(Enterprise.objects.values_list("tax_code", flat=True))
        types = {t.code: t for t in DeclarationType.objects.all()}
        for spec in specs:
            if spec["tax_code"] in existing:
                continue
            fields = dict(spec["fields"])
            fields["province"] = provinces[fields["province"]]
            relations = {
                "declaration_types": [types[c] for c in spec["type_codes"] if c in types],
                "segments": [segments[c] for c in spec["segments"]],
                "associations": [associations[ASSOCIATION_SHORT[s]] for s in spec["associations"]],
            }
            enterprise = enterprise_services.register_enterprise(
                by=None,
                tax_code=spec["tax_code"],
                managing_branch=branches[spec["branch"]],
                **{name: items for name, items in relations.items() if items},  # an empty set() still queries
                **fields,
            )
            for contact in spec["contacts"]:
                enterprise_services.add_contact(enterprise=enterprise, by=None, **contact)
        units = set(EnterpriseUnit.objects.values_list("tax_code", flat=True))
        for parent_code, tax_code, name, kind, province, address in data.FIXED_UNITS:
            if tax_code in units:
                continue
            parent = Enterprise.objects.filter(tax_code=parent_code).first()
            if parent is not None:
                enterprise_services.add_unit(
                    enterprise=parent,
                    by=None,
                    tax_code=tax_code,
                    name=name,
                    kind=kind,
                    province=provinces[province],
                    address=address,
                )

    def _logins(self, branches) -> None:
        taken = {name.lower() for name in User.objects.values_list("username", flat=True)}
        for username, branch, role, full_name, title in data.STAFF:
            if username not in taken:
                staff_services.create_staff_account(
                    by=None,
                    username=username,
                    password=data.DEMO_PASSWORD,
                    branch=branches[branch],
                    role=role,
                    full_name=full_name,
                    title=title,
                    email=f"{username}@demo.customs.gov.vn",
                )
        for username, tax_code, full_name in data.PORTAL:
            enterprise = Enterprise.objects.filter(tax_code=tax_code).first()
            if username not in taken and enterprise is not None:
                staff_services.create_portal_account(
                    by=None,
                    username=username,
                    password=data.DEMO_PASSWORD,
                    enterprise=enterprise,
                    full_name=full_name,
                    email=f"{username}@demo.example.com",
                )


def _counts() -> dict[str, int]:
    return {
        "provinces": Province.objects.count(),
        "units": Branch.objects.count(),
        "coverage periods": BranchCoverage.objects.count(),
        "enterprises": Enterprise.objects.count(),
        "contacts": Contact.objects.count(),
        "logins": User.objects.count(),
        "agreements": Agreement.objects.count(),
        "pledges": Pledge.objects.count(),
        "enrolments": Enrolment.objects.count(),
        "targets": Target.objects.count(),
        "conferences": Conference.objects.count(),
        "invitations": Invitation.objects.count(),
        "registrations": Registration.objects.count(),
        "follow-up actions": FollowUpAction.objects.count(),
        "questions": Question.objects.count(),
        "question bank entries": BankEntry.objects.count(),
        "answers": Answer.objects.count(),
        "legal documents": LegalDocument.objects.count(),
    }


# Invented enterprises --------------------------------------------------------------------------------------------


def build_enterprise_specs(rng: random.Random) -> list[dict]:
    """The demo enterprises as plain dicts; the same list on every run (it depends only on rng's seed)."""
    used_codes = {row[0] for row in data.FIXED_ENTERPRISES}
    used_names = {row[3] for row in data.FIXED_ENTERPRISES}
    specs = []
    for (
        tax_code,
        branch,
        profile,
        name_vi,
        name_foreign,
        short_name,
        ownership,
        country,
        extra,
    ) in data.FIXED_ENTERPRISES:
        fields = {
            "name_vi": name_vi,
            "name_foreign": name_foreign,
            "short_name": short_name,
            "ownership": ownership,
            "investor_country": country,
            **extra,
        }
        specs.append(_complete(rng, tax_code, branch, profile, fields, country))
    for profile, count, prefix, province, branch_codes, parks in [*data.ENTERPRISE_PLAN, *TRADER_PLAN]:
        for index in range(count):
            tax_code = _new_tax_code(rng, prefix, used_codes)
            fields = _names(rng, profile, used_names)
            fields["province"] = province
            fields["industrial_park"] = rng.choice(parks)
            country = fields.get("investor_country", "")
            if profile in ("fdi_electronics", "fdi_solar"):
                fields["is_export_processing"] = profile == "fdi_solar" or rng.random() < 0.4
                fields["aeo_status"] = "applicant" if rng.random() < 0.04 else "none"
            fields["compliance_level"] = rng.choices([None, 2, 3, 4, 5], weights=[6, 38, 40, 12, 4])[0]
            fields["status"] = rng.choices(["active", "suspended", "dissolved"], weights=[95, 4, 1])[0]
            branch = branch_codes[index % len(branch_codes)]
            specs.append(_complete(rng, tax_code, branch, profile, fields, country))
    return specs


def _new_tax_code(rng: random.Random, prefix: str, used: set[str]) -> str:
    while True:
        code = make_tax_code(f"{prefix}{rng.randrange(10**7):07d}")
        if code and code not in used:
            used.add(code)
            return code


def _ascii_title(text: str) -> str:
    return search_key(text).title()


def _names(rng: random.Random, profile: str, used: set[str]) -> dict:
    while True:
        if profile in ("fdi_electronics", "fdi_solar"):
            if profile == "fdi_solar":
                country, brands, products = "CN", data.CN_BRANDS, data.SOLAR_PRODUCTS
            else:
                country = rng.choices(["KR", "JP", "CN", "TW"], weights=[55, 20, 15, 10])[0]
                brands = {"KR": data.KR_BRANDS, "JP": data.JP_BRANDS, "CN": data.CN_BRANDS, "TW": data.TW_BRANDS}
                brands, products = brands[country], data.ELECTRONICS_PRODUCTS
            brand = rng.choice(brands)
            product_vi, product_en = rng.choice(products)
            fields = {
                "name_vi": f"Công ty TNHH {product_vi} {brand} Việt Nam",
                "name_foreign": f"{brand} {product_en} Vietnam Co., Ltd",
                "short_name": f"{brand} Vina",
                "ownership": "fdi_100" if rng.random() < 0.85 else "fdi_jv",
                "investor_country": country,
            }
        else:
            stem_vi, stem_en = rng.choice(data.DOMESTIC_STEMS[profile])
            place = rng.choice(data.VN_NAMES)
            joint_stock = rng.random() < 0.45
            form = rng.choice(
                ["Công ty Cổ phần", "CÔNG TY CỔ PHẦN"] if joint_stock else ["Công ty TNHH", "CÔNG TY TNHH"]
            )
            state = profile == "coal_logistics" and rng.random() < 0.4
            name_vi = f"{form} {stem_vi} {place}"
            fields = {
                "name_vi": name_vi.upper() if form.isupper() else name_vi,
                "name_foreign": (
                    f"{_ascii_title(place)} {stem_en} {'JSC' if joint_stock else 'Co., Ltd'}"
                    if rng.random() < 0.5
                    else ""
                ),
                "short_name": f"{stem_vi.split()[0]} {place}",
                "ownership": "state" if state else "domestic",
            }
        if search_key(fields["name_vi"]) not in used:
            used.add(search_key(fields["name_vi"]))
            return fields


def _domain(fields: dict) -> str:
    base = fields.get("short_name") or fields["name_vi"]
    return search_key(base).replace(" ", "").replace(".", "")[:24] + ".com.vn"


def _complete(rng: random.Random, tax_code, branch, profile, fields, country) -> dict:
    """Address, phones, web, type codes, segments, associations and contacts for one enterprise."""
    plan = data.PROFILES[profile]
    province = fields["province"]
    province_name = next(name for code, name, _en, _m in data.PROVINCES if code == province)
    park = fields.get("industrial_park", "")
    district = rng.choice(data.PROVINCE_ADDRESS.get(province, [province_name]))
    if park:
        address = f"Lô {rng.choice('ABCDEHK')}{rng.randint(1, 20)}, {park}, {province_name}"
    else:
        address = f"Số {rng.randint(1, 350)} đường {rng.choice(data.STREETS)}, {district}, {province_name}"
    domain = _domain(fields)
    fields.update(
        {
            "address": address,
            "phone": f"+84 {AREA_CODES.get(province, '24')} {rng.randint(3000000, 3999999)}",
            "email": f"xnk@{domain}",
            "website": f"https://{domain}" if rng.random() < 0.55 else "",
        }
    )
    epe = fields.get("is_export_processing", False)
    pool = plan["epe_type_codes"] if epe and "epe_type_codes" in plan else plan["type_codes"]
    type_codes = sorted(rng.sample(pool, k=min(len(pool), rng.randint(2, 4))))
    segments = list(plan["epe_segments"] if epe and "epe_segments" in plan else plan["segments"])
    memberships = []
    if country == "KR" and rng.random() < 0.7:
        memberships.append("KoCham")
    if country == "JP" and rng.random() < 0.7:
        memberships.append("JCCI")
    if profile == "fdi_electronics" and rng.random() < 0.05:
        memberships.append("EuroCham")
    if profile == "express" and rng.random() < 0.5:
        memberships.append("AmCham")
    if province == "27" and rng.random() < 0.3:
        memberships.append("VCCI Bắc Ninh")
    if province == "27" and rng.random() < 0.3:
        memberships.append("HHDN Bắc Ninh")
    if province == "20" and rng.random() < 0.4:
        memberships.append("HHDN Lạng Sơn")
    if profile in ("logistics", "broker", "express", "coal_logistics") and rng.random() < 0.6:
        memberships.append("VLA")
    return {
        "tax_code": tax_code,
        "branch": branch,
        "fields": fields,
        "type_codes": type_codes,
        "segments": segments,
        "associations": memberships,
        "contacts": _contacts(rng, country, domain),
    }


def _contacts(rng: random.Random, country: str, domain: str) -> list[dict]:
    contacts = []
    positions = [data.POSITIONS[0], *rng.sample(data.POSITIONS[1:], k=rng.randint(0, 2))]
    for index, position in enumerate(positions):
        language = ContactLanguage.VI
        if index == 0 and country in ("KR", "JP", "CN") and rng.random() < 0.7:
            people = {"KR": data.KOREAN_PEOPLE, "JP": data.JAPANESE_PEOPLE, "CN": data.CHINESE_PEOPLE}[country]
            full_name = rng.choice(people)
            language = {"KR": ContactLanguage.KO, "JP": ContactLanguage.JA, "CN": ContactLanguage.ZH}[country]
            if rng.random() < 0.3:
                language = ContactLanguage.EN
            family, given = full_name.split()[0], full_name.split()[-1]
        else:
            family = rng.choice(data.FAMILY_NAMES)
            given = rng.choice(data.GIVEN_NAMES)
            full_name = f"{family} {rng.choice(data.MIDDLE_NAMES)} {given}"
            if country == "TW" and index == 0 and rng.random() < 0.5:
                language = ContactLanguage.EN
        contacts.append(
            {
                "full_name": full_name,
                "position": position,
                "phone": f"+84 9{rng.randint(10, 89)} {rng.randint(100, 999)} {rng.randint(100, 999)}",
                "email": f"{search_key(given).replace(' ', '').replace('-', '')}.{search_key(family)}@{domain}",
                "language": language,
                "is_legal_representative": index == 0,
            }
        )
    return contacts
