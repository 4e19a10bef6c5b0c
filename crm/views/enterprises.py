"""HTML views: enterprises (being written)."""

from django.http import HttpResponse


def enterprise_list(request, pk=None):
    return HttpResponse(status=501)


def enterprise_create(request, pk=None):
    return HttpResponse(status=501)


def enterprise_export(request, pk=None):
    return HttpResponse(status=501)


def enterprise_detail(request, pk=None):
    return HttpResponse(status=501)


def enterprise_edit(request, pk=None):
    return HttpResponse(status=501)


def enterprise_deactivate(request, pk=None):
    return HttpResponse(status=501)


def enterprise_reactivate(request, pk=None):
    return HttpResponse(status=501)


def contact_create(request, pk=None):
    return HttpResponse(status=501)


def contact_edit(request, pk=None):
    return HttpResponse(status=501)


def unit_create(request, pk=None):
    return HttpResponse(status=501)


def unit_edit(request, pk=None):
    return HttpResponse(status=501)
