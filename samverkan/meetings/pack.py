"""The pre-read pack: every party's written information for a meeting as one PDF.

The parties' texts are rendered first; attached PDF files follow in the same document, in the
order of the parties. The pack is the tagged summary document (see `core.pdf`) with the uploaded
PDFs' pages added after it, so its structure tree, title and language are kept; the uploads are
the parties' own documents and as accessible as they made them. Other attachments (Word, Excel,
images) are listed by name in the pack and read in the product.
"""

import io
import logging

from django.conf import settings

from samverkan.core.pdf import pdf_bytes
from samverkan.meetings import services

logger = logging.getLogger(__name__)


def pre_read_pack(meeting, *, request=None, base_url=None):
    """PDF bytes of the pack, or None when no party has sent anything and nothing is attached
    for the whole meeting. The meeting's documents (`MeetingDocument`) follow the parties'."""
    from pypdf import PdfReader, PdfWriter

    pre_reads = list(
        meeting.pre_reads.select_related("party", "submitted_by__person").prefetch_related(
            "attachments"
        )
    )
    documents = list(meeting.documents.all())
    if not pre_reads and not documents:
        return None
    if request is None and base_url is None:
        base_url = settings.SITE_URL
    merged_names = set()
    appended = []
    for pre_read in pre_reads:
        for attachment in pre_read.attachments.all():
            if not attachment.is_pdf:
                continue
            try:
                with attachment.file.open("rb") as source:
                    reader = PdfReader(io.BytesIO(source.read()))
                    if reader.is_encrypted:
                        raise ValueError("encrypted")
                    # Read the page tree now, so a broken file is caught here, not when merged.
                    if not len(reader.pages):
                        raise ValueError("no pages")
                    appended.append(reader)
                    merged_names.add(attachment.pk)
            except Exception:  # a broken or locked PDF is listed, not merged
                logger.warning("pre-read attachment %s could not be merged", attachment.pk)
    for document in documents:
        with document.file.open("rb") as source:
            appended.append(PdfReader(io.BytesIO(source.read())))
    summary = pdf_bytes(
        "meetings/pdf/pre_read_pack.html",
        {
            "meeting": meeting,
            "pre_reads": pre_reads,
            "documents": documents,
            "merged": merged_names,
            "status": services.pre_read_status(meeting),
        },
        request=request,
        base_url=base_url,
    )
    # Cloned whole, not appended page by page: that would leave the summary's structure tree,
    # title and language behind.
    summary_reader = PdfReader(io.BytesIO(summary))
    writer = PdfWriter(clone_from=summary_reader)
    writer.pdf_header = summary_reader.pdf_header  # PDF/UA-1 is PDF 1.7
    for reader in appended:
        writer.append(reader)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()
