"""Small template helpers shared by the list pages."""

from datetime import date

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def query_replace(context, **changes) -> str:
    """The current query string with some parameters replaced (pagination and sorting links keep the filters)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None or value == "":
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()


@register.filter
def vn_date(value) -> str:
    """DD/MM/YYYY, the way dates are written in Vietnamese administration (a date, or one as ISO text)."""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return value
    return value.strftime("%d/%m/%Y") if value else ""


@register.filter
def kpi_number(value) -> str:
    """A dashboard figure: thousands grouped, no trailing zeros (70.00 → 70, 4.20 → 4.2)."""
    from decimal import Decimal

    from django.contrib.humanize.templatetags.humanize import intcomma

    if value is None:
        return ""
    if isinstance(value, Decimal):
        value = value.normalize()
        value = int(value) if value == value.to_integral_value() else format(value, "f")
    return intcomma(value)
