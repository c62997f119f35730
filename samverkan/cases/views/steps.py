"""Placeholder: the views of this module are being written."""

from django.http import HttpResponse


def meeting(request, *args, **kwargs):
    return HttpResponse(status=501)


def preparation(request, *args, **kwargs):
    return HttpResponse(status=501)


def mapping(request, *args, **kwargs):
    return HttpResponse(status=501)


def plan(request, *args, **kwargs):
    return HttpResponse(status=501)


def survey(request, *args, **kwargs):
    return HttpResponse(status=501)


def survey_link(request, *args, **kwargs):
    return HttpResponse(status=501)


def follow_up(request, *args, **kwargs):
    return HttpResponse(status=501)


def survey_answer(request, *args, **kwargs):
    return HttpResponse(status=501)
