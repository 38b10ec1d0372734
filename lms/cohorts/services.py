"""Enrolment operations: permission → change in a transaction → audit → jobs."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.audit.services import record
from lms.cohorts.exceptions import (
    AlreadyEnrolled,
    CohortFull,
    NotOpenForEnrolment,
    PrerequisitesMissing,
)
from lms.cohorts.models import (
    ACTIVE_STATUSES,
    Cohort,
    CohortStatus,
    DeliveryFormat,
    Enrollment,
    EnrollmentSource,
    EnrollmentStatus,
)
from lms.courses.models import EnrolmentMode
from lms.courses.versions import latest_version


def default_self_paced_cohort(course):
    """The always-open self-paced cohort of a course, created on first use."""
    cohort = Cohort.objects.filter(course=course, is_default_self_paced=True).first()
    if cohort is not None:
        return cohort
    try:
        with transaction.atomic():
            return Cohort.objects.create(
                course=course,
                code=f"{course.code}-SELF",
                name=_("%(title)s (self-paced)") % {"title": course.title},
                delivery_format=DeliveryFormat.SELF_PACED,
                status=CohortStatus.OPEN,
                is_default_self_paced=True,
            )
    except IntegrityError:
        # Created by a concurrent request a moment ago.
        return Cohort.objects.get(course=course, is_default_self_paced=True)


def missing_prerequisites(course, learner):
    """Prerequisite courses the learner has not completed, in title order."""
    required = list(course.prerequisites.all().order_by("title"))
    if not required:
        return []
    done = set(
        Enrollment.objects.filter(
            learner=learner, course__in=required, status=EnrollmentStatus.COMPLETED
        ).values_list("course_id", flat=True)
    )
    return [c for c in required if c.pk not in done]


def enroll_learner(*, cohort, learner, by=None, source=EnrollmentSource.COORDINATOR, due_date=None):
    """
    Enrol learner in cohort. The cohort row is locked while seats are counted,
    so concurrent enrolments never exceed its capacity; the database allows one
    active enrolment per learner per course. Enrolment windows bind learners
    enrolling themselves (self_enroll, request_place), not coordinators, who may
    add people to any cohort that is not closed.
    """
    with transaction.atomic():
        cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
        if cohort.status == CohortStatus.CLOSED:
            raise NotOpenForEnrolment(_("Cohort %(code)s is closed.") % {"code": cohort.code})
        if Enrollment.objects.active().filter(learner=learner, course_id=cohort.course_id).exists():
            raise AlreadyEnrolled(
                _("%(learner)s is already enrolled in %(course)s.")
                % {"learner": learner, "course": cohort.course.title}
            )
        if cohort.capacity is not None:
            taken = Enrollment.objects.active().filter(cohort=cohort).count()
            if taken >= cohort.capacity:
                raise CohortFull(
                    _("Cohort %(code)s is full (%(capacity)d places).")
                    % {"code": cohort.code, "capacity": cohort.capacity}
                )
        try:
            with transaction.atomic():
                enrollment = Enrollment.objects.create(
                    learner=learner,
                    cohort=cohort,
                    course_id=cohort.course_id,
                    source=source,
                    enrolled_by=by if by is not None and by.is_authenticated else None,
                    due_date=due_date,
                )
        except IntegrityError as exc:
            raise AlreadyEnrolled(
                _("%(learner)s is already enrolled in %(course)s.")
                % {"learner": learner, "course": cohort.course.title}
            ) from exc
        record(
            action="enrollment.created",
            actor=by,
            target=enrollment,
            after={"cohort": cohort.code, "learner": learner.email, "source": source},
        )
    return enrollment


def self_enroll(*, course, learner):
    """A learner enrols themselves in an open, active, published course."""
    if not course.accepts_new_learners:
        raise NotOpenForEnrolment(
            _("%(course)s is not open for enrolment.") % {"course": course.title}
        )
    if course.enrolment_mode != EnrolmentMode.OPEN:
        raise NotOpenForEnrolment(
            _("%(course)s is not open for self-enrolment.") % {"course": course.title}
        )
    missing = missing_prerequisites(course, learner)
    if missing:
        raise PrerequisitesMissing(
            _("Complete these courses first: %(courses)s.")
            % {"courses": ", ".join(c.title for c in missing)},
            missing,
        )
    return enroll_learner(
        cohort=default_self_paced_cohort(course),
        learner=learner,
        by=learner,
        source=EnrollmentSource.SELF,
    )


def start_enrollment(enrollment):
    """
    Called when the learner first opens a lesson: mark the enrolment in
    progress and pin it to the newest version. Idempotent.
    """
    if enrollment.status not in (EnrollmentStatus.ASSIGNED, EnrollmentStatus.IN_PROGRESS):
        return enrollment
    if enrollment.status == EnrollmentStatus.IN_PROGRESS and enrollment.version_id:
        return enrollment
    with transaction.atomic():
        enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
        changed = []
        if enrollment.version_id is None:
            enrollment.version = latest_version(enrollment.course)
            changed.append("version")
        if enrollment.status == EnrollmentStatus.ASSIGNED:
            enrollment.change_status(EnrollmentStatus.IN_PROGRESS)
            changed += ["status", "started_at"]
        if changed:
            enrollment.save(update_fields=changed)
            record(
                action="enrollment.started",
                actor=enrollment.learner,
                target=enrollment,
                after={"version": enrollment.version.number if enrollment.version else None},
            )
    return enrollment


def move_to_latest_version(*, enrollments, by):
    """
    Move enrolments to their course's newest version. Lesson progress is kept
    per learner and lesson page, so progress on lessons that still exist
    carries over. Returns how many moved.
    """
    moved = 0
    with transaction.atomic():
        for enrollment in enrollments.select_for_update(of=("self",)).select_related("version"):
            newest = latest_version(enrollment.course)
            if newest is None or enrollment.version_id == newest.pk:
                continue
            old = enrollment.version.number if enrollment.version else None
            enrollment.version = newest
            enrollment.save(update_fields=["version"])
            record(
                action="enrollment.version_changed",
                actor=by,
                target=enrollment,
                before={"version": old},
                after={"version": newest.number},
            )
            moved += 1
    return moved


def touch(enrollment, lesson, now=None):
    """Remember where the learner was, for 'continue where you left off'."""
    now = now or timezone.now()
    Enrollment.objects.filter(pk=enrollment.pk).update(last_lesson=lesson, last_activity_at=now)
    enrollment.last_lesson_id, enrollment.last_activity_at = lesson.pk, now


def request_place(*, course, learner, message=""):
    """A learner asks for a place on a course whose enrolment is by request."""
    from lms.cohorts.models import EnrollmentRequest

    if not course.accepts_new_learners or course.enrolment_mode != EnrolmentMode.REQUEST:
        raise NotOpenForEnrolment(
            _("%(course)s does not take requests for places.") % {"course": course.title}
        )
    if Enrollment.objects.active().filter(learner=learner, course=course).exists():
        raise AlreadyEnrolled(
            _("You are already enrolled in %(course)s.") % {"course": course.title}
        )
    missing = missing_prerequisites(course, learner)
    if missing:
        raise PrerequisitesMissing(
            _("Complete these courses first: %(courses)s.")
            % {"courses": ", ".join(c.title for c in missing)},
            missing,
        )
    try:
        with transaction.atomic():
            place_request = EnrollmentRequest.objects.create(
                learner=learner, course=course, message=message.strip()[:1000]
            )
            record(action="enrollment.requested", actor=learner, target=place_request)
    except IntegrityError as exc:
        raise AlreadyEnrolled(
            _("You already asked for a place on %(course)s.") % {"course": course.title}
        ) from exc
    return place_request


def decide_request(*, place_request, by, approve, cohort=None, note=""):
    """Approve (enrolling the learner) or decline (with a reason) a pending request."""
    from lms.cohorts.models import EnrollmentRequest

    if not by.has_perm("cohorts.add_enrollment"):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    with transaction.atomic():
        place_request = EnrollmentRequest.objects.select_for_update().get(pk=place_request.pk)
        if place_request.status != EnrollmentRequest.Status.PENDING:
            raise NotOpenForEnrolment(_("This request was already decided."))
        if approve:
            place_request.enrollment = enroll_learner(
                cohort=cohort or default_self_paced_cohort(place_request.course),
                learner=place_request.learner,
                by=by,
                source=EnrollmentSource.COORDINATOR,
            )
            place_request.status = EnrollmentRequest.Status.APPROVED
        else:
            if not note.strip():
                raise NotOpenForEnrolment(_("Give a reason when declining a request."))
            place_request.status = EnrollmentRequest.Status.DECLINED
        place_request.decided_by = by
        place_request.decided_at = timezone.now()
        place_request.decision_note = note.strip()
        place_request.save()
        record(
            action=f"enrollment.request_{place_request.status}",
            actor=by,
            target=place_request,
            after={"note": place_request.decision_note},
        )
    return place_request


def change_status(*, enrollment, status, by, reason=""):
    """Move one enrolment to status if allowed (InvalidTransition otherwise); audited."""
    with transaction.atomic():
        enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
        old = enrollment.change_status(status)
        enrollment.save(update_fields=["status", "started_at", "completed_at"])
        record(
            action="enrollment.status_changed",
            actor=by,
            target=enrollment,
            before={"status": old},
            after={"status": enrollment.status},
            message=reason,
        )
    return enrollment


def withdraw(*, enrollments, by, reason=""):
    """Withdraw each enrolment that may be; returns (withdrawn, [(enrolment, why not)])."""
    from lms.cohorts.exceptions import InvalidTransition

    done, refused = 0, []
    for enrollment in enrollments:
        try:
            change_status(
                enrollment=enrollment, status=EnrollmentStatus.WITHDRAWN, by=by, reason=reason
            )
            done += 1
        except InvalidTransition as exc:
            refused.append((enrollment, str(exc)))
    return done, refused


def change_due_date(*, enrollments, due_date, by):
    """Set a new due date on active enrolments; audited one by one. Returns how many changed."""
    changed = 0
    with transaction.atomic():
        for enrollment in Enrollment.objects.select_for_update().filter(
            pk__in=[e.pk for e in enrollments], status__in=ACTIVE_STATUSES
        ):
            if enrollment.due_date == due_date:
                continue
            old = enrollment.due_date
            enrollment.due_date = due_date
            enrollment.save(update_fields=["due_date"])
            record(
                action="enrollment.due_date_changed",
                actor=by,
                target=enrollment,
                before={"due_date": old},
                after={"due_date": due_date},
            )
            changed += 1
    return changed


def move_to_cohort(*, enrollments, cohort, by):
    """
    Move active enrolments to another cohort of the same course, within its
    capacity (the target cohort is locked while seats are counted).
    Returns (moved, [(enrolment, why not)]).
    """
    moved, refused = 0, []
    with transaction.atomic():
        target = Cohort.objects.select_for_update().get(pk=cohort.pk)
        seats_left = None
        if target.capacity is not None:
            seats_left = target.capacity - Enrollment.objects.active().filter(cohort=target).count()
        for enrollment in Enrollment.objects.select_for_update().filter(
            pk__in=[e.pk for e in enrollments]
        ):
            if enrollment.cohort_id == target.pk:
                continue
            if enrollment.course_id != target.course_id:
                refused.append(
                    (
                        enrollment,
                        _("%(cohort)s is a run of another course.") % {"cohort": target.code},
                    )
                )
                continue
            if not enrollment.is_active:
                refused.append((enrollment, _("Only active enrolments can move.")))
                continue
            if seats_left is not None and seats_left <= 0:
                refused.append((enrollment, _("Cohort %(code)s is full.") % {"code": target.code}))
                continue
            old = enrollment.cohort.code
            enrollment.cohort = target
            enrollment.save(update_fields=["cohort"])
            record(
                action="enrollment.moved",
                actor=by,
                target=enrollment,
                before={"cohort": old},
                after={"cohort": target.code},
            )
            moved += 1
            if seats_left is not None:
                seats_left -= 1
    return moved, refused


def apply_rule(rule, *, people=None, by=None):
    """
    Enrol everyone the rule matches (or the given people, if they match) who
    has no active enrolment in the rule's course. Returns (enrolled, skipped).
    """
    import datetime

    if not rule.is_active:
        return 0, 0
    cohort = rule.cohort or default_self_paced_cohort(rule.course)
    candidates = rule.matching_people()
    if people is not None:
        candidates = candidates.filter(pk__in=[p.pk for p in people])
    already = set(
        Enrollment.objects.active()
        .filter(course=rule.course, learner__in=candidates)
        .values_list("learner_id", flat=True)
    )
    enrolled = skipped = 0
    due = timezone.localdate() + datetime.timedelta(days=rule.due_in_days)
    for person in candidates.exclude(pk__in=already):
        try:
            enroll_learner(
                cohort=cohort, learner=person, by=by, source=EnrollmentSource.RULE, due_date=due
            )
            enrolled += 1
        except (AlreadyEnrolled, CohortFull, NotOpenForEnrolment):
            skipped += 1
    return enrolled, skipped + len(already)


def apply_rules_for(user):
    """Run every active rule of the person's organisation for them (they joined or changed)."""
    from lms.cohorts.models import AssignmentRule

    if not user.organisation_id or not user.is_active:
        return 0
    total = 0
    for rule in AssignmentRule.objects.filter(organisation_id=user.organisation_id, is_active=True):
        total += apply_rule(rule, people=[user])[0]
    return total
