"""Work tabs of the inbox list the nearest deadline first, in the page and in the API."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from dialogues.services import questions as services

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def _mine(world, received: date, title: str):
    question = services.record_question(
        by=world.r5_officer,
        branch=world.region5,
        channel="hotline",
        title=title,
        body="?",
        received_at=datetime(received.year, received.month, received.day, 9, tzinfo=HCM),
    )
    return services.assign(question=question, by=world.r5_officer, unit=world.region5, assignee=world.r5_officer)


def test_the_mine_tab_lists_the_nearest_deadline_first(world, client_for, api_for):
    newest = _mine(world, date(2026, 11, 20), "Mới nhận")
    oldest = _mine(world, date(2026, 10, 1), "Nhận sớm nhất")
    middle = _mine(world, date(2026, 11, 2), "Nhận giữa")
    expected = [oldest.reference, middle.reference, newest.reference]

    api = api_for("r5_officer").get("/api/v1/questions/", {"view": "mine"})
    assert [row["reference"] for row in api.json()["results"]] == expected

    html = client_for("r5_officer").get("/questions/", {"view": "mine"}).content.decode()
    assert [html.index(ref) for ref in expected] == sorted(html.index(ref) for ref in expected)

    everything = api_for("r5_officer").get("/api/v1/questions/")
    assert [row["reference"] for row in everything.json()["results"]] == expected[::-1]  # newest first
