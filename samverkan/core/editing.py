"""Shared handling of model forms: render, save in one transaction, redirect with a message.

Every create and edit page goes through `save_form_or_render`, so a stale edit, a model
`clean()` error or a half-saved inline formset is handled the same way everywhere.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction
from django.shortcuts import redirect, render

from samverkan.core.forms import STALE_EDIT_MESSAGE, StaleEditError


def posted(request):
    """The submitted data on POST, None otherwise: a GET builds an unbound form."""
    return request.POST if request.method == "POST" else None


class ModelErrorsOnFormMixin:
    """Shows a model `clean()` error about a field the form lacks as a form-wide error.

    Django raises ValueError for such an error; a user would see a crash instead of the
    Swedish message the model gives.
    """

    def add_error(self, field, error):
        if field is None and isinstance(error, forms.ValidationError):
            error_dict = getattr(error, "error_dict", None)
            if error_dict and any(
                name != NON_FIELD_ERRORS and name not in self.fields for name in error_dict
            ):
                shown = {}
                for name, errors in error_dict.items():
                    key = name if name in self.fields else NON_FIELD_ERRORS
                    shown.setdefault(key, []).extend(errors)
                error = forms.ValidationError(shown)
        super().add_error(field, error)


def save_form_or_render(
    request,
    form,
    *,
    template,
    success_message,
    success_url=None,
    formsets=(),
    context=None,
    after_save=None,
):
    """Save `form` (and its inline `formsets`) on a valid POST, else render `template`.

    On success: one transaction, a success message (`%(object)s` is replaced by the saved
    object) and a redirect to `success_url` (a URL, a callable taking the saved object, or
    None for the object's own page). A stale edit is refused with status 409, nothing saved.
    `after_save(saved)` runs inside the same transaction, e.g. to write the access log.
    """
    status = 200
    if request.method == "POST":
        valid = [form.is_valid()] + [formset.is_valid() for formset in formsets]
        if all(valid):
            try:
                with transaction.atomic():
                    saved = form.save()
                    for formset in formsets:
                        formset.instance = saved
                        formset.save()
                    if after_save is not None:
                        after_save(saved)
            except StaleEditError:
                form.add_error(None, forms.ValidationError(STALE_EDIT_MESSAGE, code="stale"))
            else:
                messages.success(request, str(success_message) % {"object": saved})
                if callable(success_url):
                    return redirect(success_url(saved))
                return redirect(success_url or saved)
        if form.has_error(NON_FIELD_ERRORS, code="stale"):
            status = 409
    page = {
        "form": form,
        "formsets": formsets,
        "formsets_have_errors": any(formset.total_error_count() for formset in formsets),
        **(context or {}),
    }
    return render(request, template, page, status=status)
