"""Access rows: the public question bank and the portal's suggestions while asking (joined into
tests/crm/test_access_table.py through access_rows.py).

The public pages need no login and look the same to everyone; an entry that is not live is 404 for everyone, staff of
its own unit included (they read it on the staff pages). The suggestion and deflection routes are portal pages:
portal users only, anyone else signed in gets 404."""

from dialogues.models import BankEntry
from dialogues.views.public_bank import entry_slug
from tests.access import LOGIN, Row, To, builder, expect
from tests.dialogues.bank_factories import make_entry

ANYONE = expect(anon=200, staff=200, portal=200)
NOBODY = expect(anon=404, staff=404, portal=404)
MOVED = expect(anon=301, staff=301, portal=301)
PORTAL_ONLY = expect(anon=LOGIN, staff=404, portal=200)


@builder("qbpub_entry")
def _published_entry(refs) -> int:
    return make_entry(refs.world, question_vi="Thủ tục hủy tờ khai hải quan như thế nào?").pk


@builder("qbpub_slug")
def _published_slug(refs) -> str:
    return entry_slug(BankEntry.objects.get(pk=refs["qbpub_entry"]))


@builder("qbpub_draft")
def _draft_entry(refs) -> int:
    return make_entry(refs.world, status="draft", question_vi="Bản nháp chưa duyệt về C/O mẫu D").pk


@builder("qbpub_archived")
def _archived_entry(refs) -> int:
    return make_entry(refs.world, status="archived", question_vi="Câu trả lời đã lưu trữ về thuế").pk


BANK = "/question-bank"
PORTAL = "/portal/questions"

ROWS: list[Row] = [
    Row("public-bank", "GET", f"{BANK}/", ANYONE),
    Row("public-bank", "GET", f"{BANK}/", ANYONE, data={"q": "huy to khai"}, label="search"),
    Row("public-bank", "GET", f"{BANK}/", ANYONE, data={"category": "procedures"}, label="category"),
    Row("public-bank-entry", "GET", f"{BANK}/{{qbpub_entry}}-{{qbpub_slug}}/", ANYONE),
    Row("public-bank-entry", "GET", f"{BANK}/{{qbpub_entry}}-wrong-slug/", MOVED, label="wrong slug"),
    Row("public-bank-entry", "GET", f"{BANK}/{{qbpub_draft}}-entry/", NOBODY, label="draft"),
    Row("public-bank-entry", "GET", f"{BANK}/{{qbpub_archived}}-entry/", NOBODY, label="archived"),
    Row("public-bank-entry-short", "GET", f"{BANK}/{{qbpub_entry}}/", MOVED),
    Row("public-bank-entry-short", "GET", f"{BANK}/{{qbpub_draft}}/", NOBODY, label="draft"),
    Row(
        "public-bank-vote",
        "POST",
        f"{BANK}/{{qbpub_entry}}/vote/",
        expect(anon=To(f"{BANK}/"), staff=To(f"{BANK}/"), portal=To(f"{BANK}/")),
        data={"helpful": "yes"},
    ),
    Row("public-bank-vote", "GET", f"{BANK}/{{qbpub_entry}}/vote/", expect(anon=405, staff=405, portal=405)),
    Row("public-bank-vote", "POST", f"{BANK}/{{qbpub_draft}}/vote/", NOBODY, data={"helpful": "yes"}, label="draft"),
    Row("portal-question-suggestions", "GET", f"{PORTAL}/suggestions/", PORTAL_ONLY, data={"title": "hủy tờ khai"}),
    Row(
        "portal-question-deflect",
        "POST",
        f"{PORTAL}/deflect/",
        expect(anon=LOGIN, staff=404, portal=To(f"{PORTAL}/")),
        data=lambda refs: {"entry": refs["qbpub_entry"], "query": "Hủy tờ khai thế nào?"},
    ),
    Row(
        "portal-question-deflect",
        "POST",
        f"{PORTAL}/deflect/",
        expect(anon=LOGIN, staff=404, portal=404),
        data=lambda refs: {"entry": refs["qbpub_draft"], "query": "C/O mẫu D"},
        label="draft",
    ),
]
