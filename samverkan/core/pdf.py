"""Rendering a template as a PDF document.

The PDF is made on the server from the same templates as the pages, as tagged PDF/UA-1: a
structure tree of the headings, paragraphs, lists and tables (header cells with their scope),
the document's title (the template's `<title>`, shown by readers instead of the file name) and
its language, so that a screen reader can read what a public body publishes. It never reaches out to
the network: the only resources it may load are our own static files, read from disk, and
inline `data:` URLs; any other address is refused before it is opened.
"""

from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse
from django.template.loader import render_to_string

# WeasyPrint's own PDF/UA-1 variant: PDF 1.7 with tags, the title shown, the language and the
# PDF/UA identification in the metadata.
PDF_VARIANT = "pdf/ua-1"


def local_only_fetcher(static_base):
    """A WeasyPrint URL fetcher that serves our static files from disk and `data:` URLs only.

    WeasyPrint is imported here, not at module level: importing it takes most of a second,
    which every process start (commands, workers) would otherwise pay.
    """
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalOnlyFetcher(URLFetcher):
        def __init__(self, static_base):
            super().__init__(allowed_protocols=("data",), allow_redirects=False)
            self._static_base = static_base

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if not url.startswith(self._static_base):
                raise ValueError(f"not fetched, outside our static files: {url}")
            name = unquote(urlsplit(url[len(self._static_base) :]).path)
            if not name or ".." in name.split("/"):
                raise ValueError(f"not a static file: {url}")
            found = finders.find(name)
            if found:
                with open(found, "rb") as source:
                    return URLFetcherResponse(url, source.read())
            if staticfiles_storage.exists(name):
                with staticfiles_storage.open(name) as source:
                    return URLFetcherResponse(url, source.read())
            raise ValueError(f"no such static file: {url}")

    return LocalOnlyFetcher(static_base)


def pdf_bytes(template, context, *, request=None, base_url=None):
    """`template` rendered as PDF bytes. Outside a request (e-mail, commands) pass `base_url`,
    the site's address, so links and our static files resolve."""
    if request is not None:
        base_url = request.build_absolute_uri("/")
    base_url = base_url.rstrip("/") + "/"
    html = render_to_string(template, context, request=request)
    static_base = base_url + settings.STATIC_URL.lstrip("/")
    from weasyprint import HTML

    document = HTML(string=html, base_url=base_url, url_fetcher=local_only_fetcher(static_base))
    return document.write_pdf(pdf_variant=PDF_VARIANT)


def pdf_response(content, filename):
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def render_pdf(request, template, context, filename):
    """An attachment response with `template` rendered as a PDF named `filename`."""
    return pdf_response(pdf_bytes(template, context, request=request), filename)
