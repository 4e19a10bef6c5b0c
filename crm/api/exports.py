"""The list-level `export` action of the API resources: the list's own scoping and filters, as a file."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action

from crm import exports

EXPORT_PARAMETER = OpenApiParameter("as", str, enum=["csv", "xlsx"], description="File format (default csv).")
EXPORT_RESPONSES = {(200, "text/csv"): OpenApiTypes.BINARY, (200, exports.XLSX_TYPE): OpenApiTypes.BINARY}


class ExportMixin:
    """`GET <list>/export/?as=csv|xlsx&<the list's filters>` → the rows the list would page through.

    The rows are `filter_queryset(get_queryset())`, so scoping, filters and ordering are the list's by construction;
    invalid filters are the list's 400. A viewset sets `export_basename` and `export_columns`, or overrides
    `get_export_columns()` when what a persona may see differs (portal users: no internal fields), and
    `get_export_queryset()` to join what the columns read.
    """

    export_basename: str
    export_columns: list[exports.Column]

    def get_export_columns(self) -> list[exports.Column]:
        return self.export_columns

    def get_export_queryset(self):
        return self.filter_queryset(self.get_queryset())

    @extend_schema(
        summary="Download the list (its filters applied) as CSV or XLSX",
        parameters=[EXPORT_PARAMETER],
        responses=EXPORT_RESPONSES,
        filters=True,
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def export(self, request, *args, **kwargs):
        return exports.export_response(
            columns=self.get_export_columns(),
            objects=self.get_export_queryset().iterator(chunk_size=2000),
            file_format=request.query_params.get("as", "csv"),
            basename=self.export_basename,
        )
