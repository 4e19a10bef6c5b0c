"""HTML pages of the reference lists: segments and business associations (every staff member reads, managers edit).

Both lists are short (tens to a few hundred rows), so the search runs in Python over crm.text.search_key and
ignores diacritics both ways. Enterprise counts only count enterprises the reader may see and that are active,
so that a count matches the enterprise list it links to.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from crm import selectors
from crm.errors import DomainError
from crm.forms.org import add_service_error
from crm.forms.reference import AssociationFilterForm, AssociationForm, SearchForm, SegmentForm
from crm.models import Enterprise
from crm.services import reference as reference_services
from crm.text import search_key
from crm.views.decorators import manager_required, staff_required

PAGE_SIZE = 50


def _visible_enterprise_ids(user):
    return Enterprise.objects.visible_to(user).active().values("pk")


def _matching(rows, query: str, fields):
    key = search_key(query)
    if not key:
        return list(rows)
    return [row for row in rows if key in search_key(*(getattr(row, name) for name in fields))]


@staff_required
def segment_list(request):
    segments = selectors.segments_for(request.user).annotate(
        enterprise_count=Count("enterprises", filter=Q(enterprises__in=_visible_enterprise_ids(request.user)))
    )
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    rows = _matching(segments, query, ("code", "name_vi", "name_en", "description"))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "crm/reference/segment_list.html", {"form": form, "page_obj": page, "query": query})


def _segment_form_page(request, segment):
    form = SegmentForm(request.POST or None, instance=segment)
    if request.method == "POST" and form.is_valid():
        try:
            saved = reference_services.save_segment(by=request.user, segment=segment, **form.cleaned_data)
        except (DomainError, ValidationError) as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Segment %(name)s saved.") % {"name": saved.name_vi})
            return redirect("segment-list")
    return render(request, "crm/reference/segment_form.html", {"form": form, "segment": segment})


@manager_required
def segment_create(request):
    return _segment_form_page(request, None)


@manager_required
def segment_edit(request, pk):
    return _segment_form_page(request, get_object_or_404(selectors.segments_for(request.user), pk=pk))


@staff_required
def association_list(request):
    associations = selectors.associations_for(request.user).annotate(
        member_count=Count("members", filter=Q(members__in=_visible_enterprise_ids(request.user)))
    )
    form = AssociationFilterForm(request.GET)
    query = ""
    if form.is_valid():
        query = form.cleaned_data["q"]
        if form.cleaned_data["province"] is not None:
            associations = associations.filter(province=form.cleaned_data["province"])
    rows = _matching(associations, query, ("name_vi", "name_en", "short_name", "contact_person"))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "crm/reference/association_list.html", {"form": form, "page_obj": page})


def _association_form_page(request, association):
    form = AssociationForm(request.POST or None, instance=association)
    if request.method == "POST" and form.is_valid():
        try:
            saved = reference_services.save_association(by=request.user, association=association, **form.cleaned_data)
        except (DomainError, ValidationError) as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Association %(name)s saved.") % {"name": saved.name_vi})
            return redirect("association-list")
    return render(request, "crm/reference/association_form.html", {"form": form, "association": association})


@manager_required
def association_create(request):
    return _association_form_page(request, None)


@manager_required
def association_edit(request, pk):
    return _association_form_page(request, get_object_or_404(selectors.associations_for(request.user), pk=pk))
