from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lms.accounts.models import User
from lms.courses.models import CoursePage
from lms.support.exceptions import AttachmentRejected
from lms.support.models import TicketCategory, TicketPriority, TicketStatus
from lms.support.services import (
    ATTACHMENT_EXTENSIONS,
    ATTACHMENT_MAX_BYTES,
    MAX_ATTACHMENTS,
    check_attachments,
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Several files in one input; each is checked by content in clean()."""

    widget = MultipleFileInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Attachments"))
        kwargs.setdefault(
            "help_text",
            _("Up to %(count)d files, %(size)d MB each: %(types)s.")
            % {
                "count": MAX_ATTACHMENTS,
                "size": ATTACHMENT_MAX_BYTES // (1024 * 1024),
                "types": ", ".join(ATTACHMENT_EXTENSIONS),
            },
        )
        super().__init__(*args, **kwargs)
        self.widget.attrs["accept"] = ",".join(f".{ext}" for ext in ATTACHMENT_EXTENSIONS)

    def clean(self, data, initial=None):
        single = super().clean
        files = data if isinstance(data, (list, tuple)) else [data]
        files = [single(f, initial) for f in files if f]
        try:
            check_attachments(files)
        except AttachmentRejected as exc:
            raise ValidationError(str(exc), code="rejected") from exc
        return files


class NewTicketForm(forms.Form):
    category = forms.ChoiceField(
        label=_("What is it about?"),
        choices=[("", _("Choose a topic")), *TicketCategory.choices],
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    description = forms.CharField(
        label=_("Describe the problem"),
        widget=forms.Textarea(attrs={"rows": 7}),
        max_length=10_000,
        help_text=_("What you tried, what happened, and any error message you saw."),
    )
    attachments = AttachmentsField()
    course = forms.ModelChoiceField(
        queryset=CoursePage.objects.live(), required=False, widget=forms.HiddenInput
    )


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your reply"), widget=forms.Textarea(attrs={"rows": 5}), max_length=10_000
    )
    attachments = AttachmentsField()


class StaffReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 5}), max_length=10_000
    )
    kind = forms.ChoiceField(
        label=_("Send as"),
        choices=[
            ("public", _("Reply to the learner")),
            ("internal", _("Internal note (staff only)")),
        ],
        initial="public",
        widget=forms.RadioSelect,
    )
    attachments = AttachmentsField()


class TicketUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"))
    priority = forms.ChoiceField(label=_("Priority"), choices=TicketPriority.choices)
    owner = forms.ModelChoiceField(
        label=_("Owner"), queryset=User.objects.none(), required=False, empty_label=_("Nobody")
    )
    resolution_note = forms.CharField(
        label=_("Resolution note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
        help_text=_("Needed to resolve; the learner sees it."),
    )

    def __init__(self, *args, ticket, owners, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "status": ticket.status,
                "priority": ticket.priority,
                "owner": ticket.owner_id,
                "resolution_note": ticket.resolution_note,
            },
        )
        super().__init__(*args, **kwargs)
        current = TicketStatus(ticket.status)
        self.fields["status"].choices = [(current.value, current.label)] + [
            (s.value, s.label) for s in ticket.allowed_statuses()
        ]
        self.fields["owner"].queryset = owners

    def clean(self):
        data = super().clean()
        if (
            data.get("status") == TicketStatus.RESOLVED
            and not (data.get("resolution_note") or "").strip()
        ):
            self.add_error("resolution_note", _("Write a resolution note to resolve the ticket."))
        return data


class AssignForm(forms.Form):
    owner = forms.ModelChoiceField(
        label=_("Assign to"), queryset=User.objects.none(), required=False, empty_label=_("Nobody")
    )
    tickets = forms.ModelMultipleChoiceField(queryset=None)

    def __init__(self, *args, tickets, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tickets"].queryset = tickets
        self.fields["owner"].queryset = owners


class TicketFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Unresolved")), ("all", _("Any status")), *TicketStatus.choices],
    )
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("Any")), *TicketCategory.choices]
    )
    owner = forms.ChoiceField(label=_("Owner"), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=None, required=False, empty_label=_("Any")
    )
    q = forms.CharField(label=_("Search"), required=False, max_length=100)

    def __init__(self, *args, owners, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [
            ("", _("Anyone")),
            ("me", _("Me")),
            ("none", _("Nobody")),
            *[(str(u.pk), str(u)) for u in owners],
        ]
        self.fields["organisation"].queryset = organisations


class ReportFilterForm(forms.Form):
    start = forms.DateField(
        label=_("Opened from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("to"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("The end date is before the start date."))
        return data
