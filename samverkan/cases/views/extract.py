"""The register extract for a data-subject request, as a PDF document and as JSON.

Only a team member who sees the individual's identity may make one; everyone else gets 404
from `case_with_identity_for`. The file is named by the case code, never by the identity number.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.http import HttpResponse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from samverkan.cases import extract
from samverkan.cases.views.common import case_with_identity_for
from samverkan.core.pdf import render_pdf


@require_GET
@never_cache
def extract_pdf(request, code):
    case = case_with_identity_for(request, code)
    # The log entry and the document are made together: no entry without a document.
    with transaction.atomic(), translation.override("sv"):
        data = extract.build_extract(request, case, "pdf")
        return render_pdf(
            request,
            "cases/extract_pdf.html",
            {"extract": data, "case": case},
            f"registerutdrag-{case.code}.pdf",
        )


@require_GET
@never_cache
def extract_json(request, code):
    case = case_with_identity_for(request, code)
    with transaction.atomic():
        data = extract.build_extract(request, case, "json")
        body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="registerutdrag-{case.code}.json"'
    return response
