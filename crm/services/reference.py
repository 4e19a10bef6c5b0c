"""Reference lists maintained by managers and headquarters: provinces, segments, associations."""

from django.db import transaction

from crm.models import Association, Province, Segment
from crm.text import nfc, search_key


def _save(instance, by, fields: dict, m2m_names=()):
    m2m = {name: fields.pop(name) for name in m2m_names if name in fields}
    for name, value in fields.items():
        setattr(instance, name, nfc(value).strip() if isinstance(value, str) else value)
    if hasattr(instance, "updated_by_id"):
        instance.updated_by = by
        if instance.pk is None:
            instance.created_by = by
    instance.full_clean()
    instance.save()
    for name, values in m2m.items():
        getattr(instance, name).set(values)
    return instance


@transaction.atomic
def save_province(*, by, province: Province | None = None, **fields) -> Province:
    province = _save(province or Province(), by, fields)
    province.search_name = search_key(province.name_vi, province.name_en)
    province.save(update_fields=["search_name"])
    return province


@transaction.atomic
def save_segment(*, by, segment: Segment | None = None, **fields) -> Segment:
    return _save(segment or Segment(), by, fields, m2m_names=("declaration_types",))


@transaction.atomic
def save_association(*, by, association: Association | None = None, **fields) -> Association:
    return _save(association or Association(), by, fields)
