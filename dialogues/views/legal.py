"""Staff HTML pages of the legal document register that answers cite: list (search, type, status), create, edit."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from crm import access, exports
from crm.errors import DomainError
from crm.forms.enterprises import add_service_errors
from crm.views.decorators import staff_required
from dialogues import selectors
from dialogues.exports import LEGAL_DOCUMENT_COLUMNS
from dialogues.filters import LegalDocumentFilter
from dialogues.forms.legal import LegalDocumentForm
from dialogues.services import legal as services

PAGE_SIZE = 50


def _polish(form):
    for name in ("doc_type", "status"):
        field = form.fields[name]
        field.empty_label = _("Any")
        field.widget.choices = field.choices
    return form


@staff_required
def legal_document_list(request):
    filterset = LegalDocumentFilter(
        request.GET, queryset=selectors.legal_documents_visible_to(request.user).order_by("-issued_on", "number")
    )
    _polish(filterset.form)
    if exports.wants_export(request):
        return exports.export_queryset(
            columns=LEGAL_DOCUMENT_COLUMNS,
            queryset=filterset.qs if filterset.is_valid() else filterset.queryset,
            form=filterset.form,
            file_format=request.GET["as"],
            basename="legal-documents",
        )
    is_valid = filterset.is_valid()
    queryset = filterset.qs if is_valid else filterset.queryset.none()
    page_obj = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": filterset.form,
        "page_obj": page_obj,
        "documents": page_obj.object_list,
        "is_filtered": any(request.GET.get(name) for name in ("q", "doc_type", "status")),
        "filter_errors": [] if is_valid else [e for errors in filterset.form.errors.values() for e in errors],
    }
    return render(request, "dialogues/legal/list.html", context)


def _save(request, form, document=None):
    try:
        fields = form.service_fields()
        if document is None:
            return services.create_legal_document(by=request.user, **fields)
        return services.update_legal_document(document=document, by=request.user, **fields)
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    except ValidationError as exc:
        add_service_errors(form, exc)
    return None


@staff_required
def legal_document_create(request):
    manager = access.is_manager(request.user)
    form = LegalDocumentForm(request.POST or None, manager=manager)
    if request.method == "POST":
        if form.is_valid() and (document := _save(request, form)) is not None:
            messages.success(request, _("%(number)s registered.") % {"number": document.number})
            return redirect("legal-document-list")
        return render(request, "dialogues/legal/form.html", {"form": form}, status=400)
    return render(request, "dialogues/legal/form.html", {"form": form})


@staff_required
def legal_document_edit(request, pk):
    document = get_object_or_404(selectors.legal_documents_visible_to(request.user), pk=pk)
    manager = access.is_manager(request.user)
    form = LegalDocumentForm(request.POST or None, instance=document, manager=manager)
    if request.method == "POST":
        if form.is_valid() and (saved := _save(request, form, document)) is not None:
            messages.success(request, _("Changes to %(number)s saved.") % {"number": saved.number})
            return redirect("legal-document-list")
        return render(request, "dialogues/legal/form.html", {"form": form, "document": document}, status=400)
    return render(request, "dialogues/legal/form.html", {"form": form, "document": document})


urlpatterns = [
    path("legal-documents/", legal_document_list, name="legal-document-list"),
    path("legal-documents/new/", legal_document_create, name="legal-document-create"),
    path("legal-documents/<int:pk>/edit/", legal_document_edit, name="legal-document-edit"),
]
