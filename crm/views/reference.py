"""HTML views: reference (being written)."""

from django.http import HttpResponse


def segment_list(request, pk=None):
    return HttpResponse(status=501)


def segment_create(request, pk=None):
    return HttpResponse(status=501)


def segment_edit(request, pk=None):
    return HttpResponse(status=501)


def association_list(request, pk=None):
    return HttpResponse(status=501)


def association_create(request, pk=None):
    return HttpResponse(status=501)


def association_edit(request, pk=None):
    return HttpResponse(status=501)
