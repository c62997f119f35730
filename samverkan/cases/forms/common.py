"""What the case forms share: the date input, and one error message a field."""

from django import forms

from samverkan.core.forms import DATE_WIDGET

__all__ = ["DATE_WIDGET", "OneMessagePerFieldMixin"]


class OneMessagePerFieldMixin:
    """Leaves out the model's errors on fields the form has already refused.

    The model repeats some of the form's checks (a missing number, a date in the future); the
    user needs the message once.
    """

    def _update_errors(self, errors):
        if hasattr(errors, "error_dict"):
            fresh = {name: e for name, e in errors.error_dict.items() if name not in self._errors}
            if not fresh:
                return
            errors = forms.ValidationError(fresh)
        super()._update_errors(errors)
