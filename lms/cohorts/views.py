import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lms.cohorts import calendar
from lms.cohorts.models import CalendarFeed


def _parse_day(value, default):
    """A date from the address bar, within years the calendar can show."""
    try:
        day = datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return default
    return day if 1900 <= day.year <= 2200 else default


@login_required
def my_calendar(request):
    """A learner's or instructor's sessions: month view (default) or week view."""
    today = timezone.localdate()
    day = _parse_day(request.GET.get("date"), today)
    view = "week" if request.GET.get("view") == "week" else "month"
    feed, _created = CalendarFeed.objects.get_or_create(user=request.user)
    context = {
        "view": view,
        "day": day,
        "today": today,
        "upcoming": calendar.upcoming(request.user),
        "feed_url": request.build_absolute_uri(reverse("calendar:feed", args=[feed.token])),
    }
    if view == "week":
        context["days"] = calendar.week_days(request.user, day)
        context["previous"] = day - datetime.timedelta(days=7)
        context["next"] = day + datetime.timedelta(days=7)
    else:
        first = day.replace(day=1)
        context["weeks"] = calendar.month_grid(request.user, first.year, first.month)
        context["month"] = first
        context["previous"] = (first - datetime.timedelta(days=1)).replace(day=1)
        context["next"] = (first + datetime.timedelta(days=32)).replace(day=1)
    return render(request, "cohorts/calendar.html", context)


@login_required
@require_POST
def new_feed_address(request):
    """Replace the private feed address (the old one stops working at once)."""
    feed, _created = CalendarFeed.objects.get_or_create(user=request.user)
    feed.regenerate()
    messages.success(
        request, _("Your calendar has a new private address. Update your calendar program.")
    )
    return redirect("calendar:calendar")


def feed(request, token):
    """The private iCalendar feed: calendar programs cannot log in, so the token is the key."""
    subscription = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if subscription is None or not subscription.user.is_active:
        raise Http404
    response = HttpResponse(
        calendar.ical_feed(subscription.user), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="lectern.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response
