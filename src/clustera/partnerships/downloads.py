"""Document downloads, checked like the page they belong to: call documents for whoever sees
the call, application documents for the consortium, its evaluators and editors, workspace
documents for members and editors. Files are never served from a public media URL."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest
from django.utils.translation import gettext

from clustera.partnerships import rules, selectors


def _send(document: object) -> FileResponse:
    file = document.file  # type: ignore[attr-defined]
    try:
        handle = file.open("rb")
    except FileNotFoundError:
        raise Http404(gettext("The file is missing")) from None
    return FileResponse(handle, as_attachment=True, filename=file.name.rsplit("/", 1)[-1])


def call_document(request: HttpRequest, pk: int, document_id: int) -> FileResponse:
    """A call's guide or template."""
    call = selectors.call_detail(request.user, pk)
    document = call.documents.filter(pk=document_id).first() if call else None
    if document is None:
        raise Http404(gettext("No such document"))
    return _send(document)


def application_document(request: HttpRequest, pk: int, document_id: int) -> FileResponse:
    """A document attached to an application."""
    application = selectors.application_detail(request.user, pk)
    document = application.documents.filter(pk=document_id).first() if application else None
    if document is None:
        raise Http404(gettext("No such document"))
    return _send(document)


def workspace_document(request: HttpRequest, pk: int, document_id: int) -> FileResponse:
    """A document of a partnership's workspace."""
    partnership = selectors.workspace(pk)
    if partnership is None or not rules.may_view_workspace(request.user, partnership):
        raise Http404(gettext("No such document"))
    document = partnership.documents.filter(pk=document_id).first()
    if document is None:
        raise Http404(gettext("No such document"))
    return _send(document)
