from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.actions.copy_page import CopyPageAction

from lms.courses.forms import CourseCopyForm
from lms.courses.models import CoursePage


@hooks.register("before_copy_page")
def copy_course_with_a_new_code(request, page):
    """
    Wagtail's copy view only renames title and slug; a course's code is unique,
    so a copy must get its new code in the same step. An invalid form falls
    through to Wagtail's view, which shows the errors (it uses the same form).
    """
    if page.specific_class is not CoursePage or request.method != "POST":
        return None
    form = CourseCopyForm(request.POST, user=request.user, page=page)
    if not form.is_valid():
        return None
    parent = form.cleaned_data["new_parent_page"]
    keep_live = bool(
        form.cleaned_data.get("publish_copies")
        and parent.permissions_for_user(request.user).can_publish_subpage()
    )
    new_page = CopyPageAction(
        page=page.specific,
        recursive=bool(form.cleaned_data.get("copy_subpages")),
        to=parent,
        update_attrs={
            "title": form.cleaned_data["new_title"],
            "slug": form.cleaned_data["new_slug"],
            "code": form.cleaned_data["new_code"],
        },
        keep_live=keep_live,
        user=request.user,
    ).execute()
    messages.success(
        request,
        _("Course “%(title)s” copied as %(code)s with %(count)d modules and lessons.")
        % {
            "title": page.title,
            "code": form.cleaned_data["new_code"],
            "count": new_page.get_descendants().count(),
        },
    )
    return redirect("wagtailadmin_pages:edit", new_page.pk)
