"""Checks of uploaded files: a PDF must really be one."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader
from pypdf.errors import PdfReadError

MAX_PDF_BYTES = 10 * 1024 * 1024


def validate_pdf_upload(upload: UploadedFile) -> None:
    """Refuse empty, oversized and fake PDFs: the magic bytes first, then a real parse."""
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if upload.size > MAX_PDF_BYTES:
        raise ValidationError(_("The file is larger than 10 MB."), code="too_large")
    upload.seek(0)
    if not upload.read(5).startswith(b"%PDF-"):
        upload.seek(0)
        raise ValidationError(_("This is not a PDF file. Please upload the signed letter as a PDF."), code="not_pdf")
    upload.seek(0)
    try:
        reader = PdfReader(upload, strict=False)
        if len(reader.pages) < 1:
            raise ValidationError(_("The PDF has no pages."), code="no_pages")
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as error:
        raise ValidationError(_("The PDF file is damaged and cannot be read."), code="bad_pdf") from error
    finally:
        upload.seek(0)
