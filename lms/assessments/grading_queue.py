"""
The grading queue: answers that wait for a grader and assignment submissions,
in one list ordered by waiting time. The two kinds are merged in the database
(a UNION of (kind, id, since) rows) so a page of the queue costs the same few
queries with five items or five thousand: count, one page of keys, then the
page's answers and submissions with everything the list shows.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import CharField, F, Value
from django.urls import reverse
from django.utils import timezone

from lms.assessments.models import AttemptQuestion, Submission

ANSWER = "answer"
SUBMISSION = "submission"
PENDING = "pending"
GRADED = "graded"

# Graded items stay in the "recently graded" view this long.
RECENT_DAYS = 30


def turnaround_days():
    """Days an item may wait for a grader before it counts as overdue."""
    return getattr(settings, "LECTERN_GRADING_TURNAROUND_DAYS", 7)


@dataclass(frozen=True)
class QueueFilters:
    course: int | None = None
    cohort: int | None = None
    quiz: int | None = None
    assignment: int | None = None
    overdue: bool = False
    state: str = PENDING


@dataclass
class QueueItem:
    kind: str
    obj: object
    learner: object
    course: object
    cohort: object
    title: str
    detail: str
    submitted_at: datetime.datetime | None
    late: bool
    overdue: bool
    url: str

    @property
    def is_answer(self):
        return self.kind == ANSWER


def _answers(user, filters, now):
    qs = AttemptQuestion.objects.gradable_by(user)
    if filters.state == GRADED:
        qs = qs.manually_graded().filter(graded_at__gte=now - datetime.timedelta(days=RECENT_DAYS))
    else:
        qs = qs.awaiting_grading()
    if filters.assignment:
        qs = qs.none()
    if filters.course:
        qs = qs.filter(attempt__quiz__course_id=filters.course)
    if filters.cohort:
        qs = qs.filter(attempt__enrollment__cohort_id=filters.cohort)
    if filters.quiz:
        qs = qs.filter(attempt__quiz_id=filters.quiz)
    if filters.overdue:
        qs = qs.waiting_since_before(now - datetime.timedelta(days=turnaround_days()))
    return qs.order_by().values(
        kind=Value(ANSWER, output_field=CharField()),
        item=F("pk"),
        since=F("attempt__submitted_at"),
        done=F("graded_at"),
    )


def _submissions(user, filters, now):
    qs = Submission.objects.gradable_by(user)
    if filters.state == GRADED:
        qs = qs.graded().filter(graded_at__gte=now - datetime.timedelta(days=RECENT_DAYS))
    else:
        qs = qs.awaiting_grading()
    if filters.quiz:
        qs = qs.none()
    if filters.course:
        qs = qs.filter(assignment__course_id=filters.course)
    if filters.cohort:
        qs = qs.filter(enrollment__cohort_id=filters.cohort)
    if filters.assignment:
        qs = qs.filter(assignment_id=filters.assignment)
    if filters.overdue:
        qs = qs.waiting_since_before(now - datetime.timedelta(days=turnaround_days()))
    return qs.order_by().values(
        kind=Value(SUBMISSION, output_field=CharField()),
        item=F("pk"),
        since=F("submitted_at"),
        done=F("graded_at"),
    )


def queue_keys(user, filters=QueueFilters(), now=None):
    """
    {kind, item, since, done} rows (item id, waiting since, graded at) of the
    items user may grade that match filters: oldest first while pending, last
    graded first otherwise.
    A queryset, so a paginator counts and slices it in the database.
    """
    now = now or timezone.now()
    union = _answers(user, filters, now).union(_submissions(user, filters, now), all=True)
    if filters.state == GRADED:
        return union.order_by("-done", "kind", "item")
    return union.order_by("since", "kind", "item")


def pending_count(user):
    """How many items wait for user to grade (one query)."""
    return queue_keys(user).count()


def load_items(keys, now=None):
    """The QueueItems for a page of queue_keys rows, in the same order (two queries)."""
    now = now or timezone.now()
    keys = list(keys)
    answer_ids = [key["item"] for key in keys if key["kind"] == ANSWER]
    submission_ids = [key["item"] for key in keys if key["kind"] == SUBMISSION]
    answers = {}
    if answer_ids:
        answers = (
            AttemptQuestion.objects.filter(pk__in=answer_ids)
            .select_related(
                "attempt__quiz__course",
                "attempt__learner",
                "attempt__enrollment__cohort",
                "question_version__question",
            )
            .in_bulk()
        )
    submissions = {}
    if submission_ids:
        submissions = (
            Submission.objects.filter(pk__in=submission_ids)
            .select_related("assignment__course", "learner", "enrollment__cohort")
            .in_bulk()
        )
    overdue_before = now - datetime.timedelta(days=turnaround_days())
    items = []
    for key in keys:
        kind, pk = key["kind"], key["item"]
        if kind == ANSWER and pk in answers:
            items.append(answer_item(answers[pk], overdue_before))
        elif kind == SUBMISSION and pk in submissions:
            items.append(submission_item(submissions[pk], overdue_before))
    return items


def answer_item(row, overdue_before=None):
    attempt = row.attempt
    enrollment = attempt.enrollment
    return QueueItem(
        kind=ANSWER,
        obj=row,
        learner=attempt.learner,
        course=attempt.quiz.course,
        cohort=enrollment.cohort if enrollment else None,
        title=attempt.quiz.title,
        detail=f"Q{row.order}: {row.question_version.question.name}",
        submitted_at=attempt.submitted_at,
        late=attempt.closed_at_limit,
        overdue=bool(
            row.needs_grading
            and overdue_before
            and attempt.submitted_at
            and attempt.submitted_at < overdue_before
        ),
        url=reverse("grading:answer", args=[row.pk]),
    )


def submission_item(submission, overdue_before=None):
    enrollment = submission.enrollment
    due = submission.assignment.due_at
    return QueueItem(
        kind=SUBMISSION,
        obj=submission,
        learner=submission.learner,
        course=submission.assignment.course,
        cohort=enrollment.cohort if enrollment else None,
        title=submission.assignment.title,
        detail=f"#{submission.number}",
        submitted_at=submission.submitted_at,
        late=submission.is_late,
        overdue=bool(
            submission.status == "submitted"
            and overdue_before
            and submission.submitted_at < overdue_before
            and (due is None or due < overdue_before)
        ),
        url=reverse("grading:submission", args=[submission.pk]),
    )


def next_item_url(user, *, after=None):
    """The oldest item still waiting for user, other than after (a (kind, id) pair)."""
    for key in queue_keys(user)[:2]:
        kind, pk = key["kind"], key["item"]
        if (kind, pk) != after:
            return reverse("grading:answer" if kind == ANSWER else "grading:submission", args=[pk])
    return None
