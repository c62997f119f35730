"""The form a party's representative fills in to send its pre-read: text and attachments.

Only the file types people read in an office suite or a browser are accepted. The type is
decided from the file name and checked against the file's first bytes, so a renamed program
is refused; the stored content type comes from that check, never from the browser.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from samverkan.meetings import services
from samverkan.meetings.models import PreReadAttachment

MAX_FILES = 10
ZIP = (b"PK\x03\x04",)
# Extension → (content type, accepted first bytes or None for plain text).
ALLOWED_TYPES = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ZIP,
    ),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ZIP),
    "pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ZIP,
    ),
    "odt": ("application/vnd.oasis.opendocument.text", ZIP),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", ZIP),
    "odp": ("application/vnd.oasis.opendocument.presentation", ZIP),
    "txt": ("text/plain", None),
    "csv": ("text/csv", None),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
}
ALLOWED_LABEL = _(
    "PDF, Word (docx), Excel (xlsx), PowerPoint (pptx), OpenDocument (odt, ods, odp), txt, "
    "csv, png och jpg"
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; cleans to a list (empty when none was chosen)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single_file_clean = super().clean
        if isinstance(data, list | tuple):
            return [single_file_clean(item, initial) for item in data if item]
        return [single_file_clean(data, initial)] if data else []


def _extension(name):
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def check_file_type(upload):
    """Refuse a file of a type not accepted, or whose content does not match its name.

    Sets the upload's content type to the one its extension stands for.
    """
    extension = _extension(upload.name)
    if extension not in ALLOWED_TYPES:
        raise ValidationError(
            _("Filen %(name)s har en filtyp som inte tas emot. Tillåtna filtyper: %(types)s.")
            % {"name": upload.name, "types": ALLOWED_LABEL},
            code="file_type",
        )
    content_type, signatures = ALLOWED_TYPES[extension]
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if signatures is None:
        if b"\x00" in head:
            raise ValidationError(
                _("Filen %(name)s är inte en textfil.") % {"name": upload.name},
                code="file_content",
            )
    elif not any(head.startswith(signature) for signature in signatures):
        raise ValidationError(
            _("Innehållet i filen %(name)s stämmer inte med filtypen %(type)s.")
            % {"name": upload.name, "type": extension},
            code="file_content",
        )
    upload.content_type = content_type
    return upload


class PreReadForm(forms.Form):
    """Text, new attachments and (before the meeting) attachments to remove."""

    text = forms.CharField(
        label=_("Information från parten"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "Det ni annars skulle ha berättat på mötet. Skriv aldrig uppgifter om enskilda "
            "personer."
        ),
    )
    files = MultipleFileField(
        label=_("Bifoga filer"),
        required=False,
    )
    remove = forms.ModelMultipleChoiceField(
        label=_("Ta bort bilagor"),
        queryset=PreReadAttachment.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Markerade bilagor tas bort när du sparar."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, pre_read=None, may_remove=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.pre_read = pre_read
        self.fields["files"].help_text = _(
            "Högst %(count)d filer, högst 10 MB var. Tillåtna filtyper: %(types)s."
        ) % {"count": MAX_FILES, "types": ALLOWED_LABEL}
        if pre_read is not None:
            self.fields["text"].initial = pre_read.text
            self.fields["version"].initial = pre_read.version
        if pre_read is not None and may_remove and pre_read.attachments.exists():
            self.fields["remove"].queryset = pre_read.attachments.all()
            self.fields["remove"].label_from_instance = lambda attachment: attachment.name
        else:
            del self.fields["remove"]

    def clean_files(self):
        files = self.cleaned_data["files"]
        if len(files) > MAX_FILES:
            raise ValidationError(
                _("Bifoga högst %(count)d filer åt gången.") % {"count": MAX_FILES},
                code="too_many",
            )
        errors = []
        for upload in files:
            try:
                services.check_attachment(upload)
                check_file_type(upload)
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return files

    def clean(self):
        cleaned = super().clean()
        text = (cleaned.get("text") or "").strip()
        files = cleaned.get("files") or []
        removed = cleaned.get("remove") or []
        kept = 0
        if self.pre_read is not None:
            kept = self.pre_read.attachments.exclude(pk__in=[a.pk for a in removed]).count()
        if "files" in cleaned and not text and not files and not kept:
            raise ValidationError(_("Skriv informationen eller bifoga minst en fil."), code="empty")
        return cleaned
