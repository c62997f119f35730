"""Placeholder: the views of this module are being written."""

from django.http import HttpResponse


def start(request, *args, **kwargs):
    return HttpResponse(status=501)


def search(request, *args, **kwargs):
    return HttpResponse(status=501)


def team_cases(request, *args, **kwargs):
    return HttpResponse(status=501)


def raise_case(request, *args, **kwargs):
    return HttpResponse(status=501)


def case_detail(request, *args, **kwargs):
    return HttpResponse(status=501)


def edit_raising(request, *args, **kwargs):
    return HttpResponse(status=501)


def consent_add(request, *args, **kwargs):
    return HttpResponse(status=501)


def consent_declined(request, *args, **kwargs):
    return HttpResponse(status=501)


def consent_withdraw(request, *args, **kwargs):
    return HttpResponse(status=501)


def close(request, *args, **kwargs):
    return HttpResponse(status=501)
