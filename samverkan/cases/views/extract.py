"""Placeholder: the views of this module are being written."""

from django.http import HttpResponse


def extract_pdf(request, *args, **kwargs):
    return HttpResponse(status=501)


def extract_json(request, *args, **kwargs):
    return HttpResponse(status=501)
