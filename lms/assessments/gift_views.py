"""
GIFT import and export for question banks in the Wagtail admin. Registered by
wagtail_hooks.py through admin_urls(); the views call lms.assessments.services.gift.
"""

import os

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import include, path, reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.views.generic import IndexView

from lms.assessments.gift import correct_answers, html_to_text
from lms.assessments.models import QuestionBank, QuestionType
from lms.assessments.services.gift import (
    EXPORT_PERMISSION,
    IMPORT_PERMISSION,
    category_name,
    export_bank,
    import_questions,
)

# The preview carries the text to the import button in a form field, URL-encoded
# (up to three bytes per byte) within Django's limit on a request body.
MAX_UPLOAD_BYTES = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 3
ALLOWED_EXTENSIONS = (".txt", ".gift")
IMPORT_ALL, IMPORT_VALID = "import_all", "import_valid"
BANK_LISTING = "questionbank:index"


class GiftImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("GIFT file"),
        required=False,
        help_text=gettext_lazy("A .txt or .gift file in UTF-8, as Moodle exports it."),
    )
    text = forms.CharField(
        label=gettext_lazy("…or paste GIFT text"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false"}),
    )

    def clean(self):
        cleaned = super().clean()
        upload, text = cleaned.get("file"), cleaned.get("text") or ""
        if upload:
            extension = os.path.splitext(upload.name)[1].lower()
            if extension not in ALLOWED_EXTENSIONS:
                raise forms.ValidationError(
                    _("Upload a .txt or .gift file; “%(name)s” is neither.") % {"name": upload.name}
                )
            if upload.size > MAX_UPLOAD_BYTES:
                raise forms.ValidationError(
                    _("The file is %(size)s; GIFT files may be up to %(limit)s.")
                    % {
                        "size": filesizeformat(upload.size),
                        "limit": filesizeformat(MAX_UPLOAD_BYTES),
                    }
                )
            try:
                text = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise forms.ValidationError(
                    _("The file is not UTF-8; save it as UTF-8 and upload it again.")
                ) from exc
        if not text.strip():
            raise forms.ValidationError(_("Upload a GIFT file or paste GIFT text."))
        cleaned["gift"] = text
        return cleaned


def _require(request, perm):
    if not request.user.has_perm(perm):
        raise PermissionDenied


def import_gift(request, bank_id):
    """Upload or paste, preview every question and every error, then import."""
    _require(request, IMPORT_PERMISSION)
    bank = get_object_or_404(QuestionBank, pk=bank_id)
    action = request.POST.get("action")
    if request.method == "POST" and action in (IMPORT_ALL, IMPORT_VALID):
        result = import_questions(
            bank=bank,
            text=request.POST.get("gift", ""),
            by=request.user,
            only_valid=action == IMPORT_VALID,
        )
        if result.written:
            messages.success(
                request,
                _("%(count)s question(s) imported into “%(bank)s”.")
                % {"count": result.created, "bank": bank},
            )
            return redirect(BANK_LISTING)
        messages.error(
            request,
            _("Nothing was imported: some questions cannot be imported.")
            if result.errors
            else _("There are no questions to import."),
        )
        return _preview(request, bank, request.POST.get("gift", ""), result)

    form = GiftImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        gift = form.cleaned_data["gift"]
        result = import_questions(bank=bank, text=gift, by=request.user, dry_run=True)
        return _preview(request, bank, gift, result)
    return TemplateResponse(
        request,
        "assessments/admin/gift_import.html",
        {"form": form, "bank": bank, "page_title": _("Import GIFT")},
    )


def _preview(request, bank, gift, result):
    rows = [
        {
            "line": question.line,
            "type": QuestionType(question.type).label,
            "name": question.name,
            "text": html_to_text(question.text),
            "category": category_name(question.category),
            "answers": correct_answers(question),
        }
        for question in result.questions
    ]
    return TemplateResponse(
        request,
        "assessments/admin/gift_preview.html",
        {
            "bank": bank,
            "gift": gift,
            "rows": rows,
            "errors": result.errors,
            "import_all": IMPORT_ALL,
            "import_valid": IMPORT_VALID,
            "page_title": _("Import GIFT: preview"),
        },
    )


@require_GET
def export_gift(request, bank_id):
    _require(request, EXPORT_PERMISSION)
    bank = get_object_or_404(QuestionBank, pk=bank_id)
    filename = f"{slugify(bank.name) or f'bank-{bank.pk}'}.gift.txt"
    return HttpResponse(
        export_bank(bank, by=request.user),
        content_type="text/plain; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


urlpatterns = [
    path("<int:bank_id>/import/", import_gift, name="import"),
    path("<int:bank_id>/export/", export_gift, name="export"),
]


def admin_urls():
    """For the register_admin_urls hook."""
    return [
        path(
            "assessments/gift/",
            include((urlpatterns, "assessments_gift"), namespace="assessments_gift"),
        )
    ]


class QuestionBankIndexView(IndexView):
    """The bank listing, with GIFT import and export in each bank's menu."""

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.request.user.has_perm(IMPORT_PERMISSION):
            buttons += [
                MenuItem(
                    _("Import GIFT"),
                    url=reverse("assessments_gift:import", args=[instance.pk]),
                    icon_name="upload",
                    priority=40,
                ),
                MenuItem(
                    _("Export GIFT"),
                    url=reverse("assessments_gift:export", args=[instance.pk]),
                    icon_name="download",
                    priority=41,
                ),
            ]
        return buttons
