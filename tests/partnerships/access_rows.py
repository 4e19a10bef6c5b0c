"""Access rows of the partnerships routes, joined into the one access table (tests/crm/test_access_table.py)."""

from tests.access import Row
from tests.partnerships import access_exports
from tests.partnerships.access_agreements_api import AGREEMENT_API_ROWS
from tests.partnerships.access_agreements_html import AGREEMENT_HTML_ROWS
from tests.partnerships.access_pledges import PLEDGE_ROWS
from tests.partnerships.access_programmes import PROGRAMME_ROWS
from tests.partnerships.access_statistics import STATISTIC_ROWS

PARTNERSHIP_ROWS: list[Row] = [
    *AGREEMENT_API_ROWS,
    *AGREEMENT_HTML_ROWS,
    *PLEDGE_ROWS,
    *PROGRAMME_ROWS,
    *STATISTIC_ROWS,
    *access_exports.ROWS,
]
