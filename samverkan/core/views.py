"""Placeholder: the access-log review pages are being written."""

from django.http import HttpResponse


def access_log(request):
    return HttpResponse(status=501)


def access_log_export(request):
    return HttpResponse(status=501)
