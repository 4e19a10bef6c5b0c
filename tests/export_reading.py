"""Reading the CSV and XLSX downloads in tests: rows as values, headers in English, and the query count of a download
(a streamed CSV runs its queries while it is read, so reading is part of what is counted)."""

import csv
import io

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from openpyxl import load_workbook


def in_english(client):
    """The client reads in English, so that headers and labels are the source strings."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def headers(columns) -> list[str]:
    with translation.override("en"):
        return [str(column.header) for column in columns]


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200, body(response)
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(body(response).decode("utf-8-sig"))))


def xlsx_rows(response) -> list[list]:
    assert response.status_code == 200, body(response)
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def count_queries(client, url: str, params: dict) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
        body(response)
    assert response.status_code == 200
    return len(queries)
