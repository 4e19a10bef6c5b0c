"""HTML views: enterprise import (being written)."""

from django.http import HttpResponse


def enterprise_import(request):
    return HttpResponse(status=501)
