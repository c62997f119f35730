"""What every PDF the product makes must be: tagged PDF/UA-1 that a screen reader can read.

Shared by the tests of each app that makes a PDF (meetings, cases): `tagged_pdf(content)` reads
the document and fails unless it has a structure tree, is marked as tagged, says its language,
has a title that readers show instead of the file name, and names PDF/UA-1 in its metadata; it
returns what a test checks further (the title, the structure types that occur).
"""

import io
import re
from dataclasses import dataclass

from pypdf import PdfReader


@dataclass
class TaggedPdf:
    title: str
    language: str
    structure_types: set
    pages: int


def _structure_types(node, found):
    node = node.get_object()
    if not hasattr(node, "get"):
        return
    if "/S" in node:
        found.add(str(node["/S"]).lstrip("/"))
    kids = node.get("/K")
    if kids is None:
        return
    for kid in kids if isinstance(kids, list) else [kids]:
        if hasattr(kid, "get_object"):
            _structure_types(kid, found)


def tagged_pdf(content):
    """The checked document in `content` (bytes); an AssertionError names what is missing."""
    assert content.startswith(b"%PDF-1.7"), content[:16]
    reader = PdfReader(io.BytesIO(content))
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog, "no structure tree: the PDF is not tagged"
    assert bool(catalog["/MarkInfo"]["/Marked"]), "not marked as a tagged PDF"
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"]), "title not shown"
    language = str(catalog.get("/Lang", ""))
    assert language, "no document language"
    title = (reader.metadata or {}).get("/Title", "")
    assert title.strip(), "no document title"
    xmp = catalog["/Metadata"].get_object().get_data().decode()
    assert re.search(r'pdfuaid:part(="1"|>1<)', xmp), "PDF/UA-1 not named in the metadata"
    found = set()
    _structure_types(catalog["/StructTreeRoot"], found)
    return TaggedPdf(title=title, language=language, structure_types=found, pages=len(reader.pages))
