"""HTML views: org (being written)."""

from django.http import HttpResponse


def branch_list(request, pk=None):
    return HttpResponse(status=501)


def branch_create(request, pk=None):
    return HttpResponse(status=501)


def branch_detail(request, pk=None):
    return HttpResponse(status=501)


def branch_edit(request, pk=None):
    return HttpResponse(status=501)


def coverage_create(request, pk=None):
    return HttpResponse(status=501)


def coverage_end(request, pk=None):
    return HttpResponse(status=501)


def province_list(request, pk=None):
    return HttpResponse(status=501)


def province_create(request, pk=None):
    return HttpResponse(status=501)


def province_edit(request, pk=None):
    return HttpResponse(status=501)


def staff_list(request, pk=None):
    return HttpResponse(status=501)


def staff_create(request, pk=None):
    return HttpResponse(status=501)


def staff_edit(request, pk=None):
    return HttpResponse(status=501)
