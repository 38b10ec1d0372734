"""
Taking a quiz: start (or resume) an attempt, save answers, submit, close
attempts whose time is up, and the rules for what a learner may review and
what their result on a quiz is.

The server's clock is the truth: an attempt's deadline is fixed when it
starts, answers saved after the deadline plus the quiz's grace never count,
and an attempt found past it is submitted "at the limit" with what was saved.
"""

import logging
import random
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lms.assessments import marking
from lms.assessments.exceptions import (
    AttemptClosed,
    InvalidAnswer,
    NoAttemptsLeft,
    QuizUnavailable,
)
from lms.assessments.models import (
    Attempt,
    AttemptQuestion,
    AttemptStatus,
    Choice,
    GradingMethod,
    MatchPair,
    Question,
    QuestionType,
    ReviewPolicy,
)
from lms.audit.services import record
from lms.progress import access

logger = logging.getLogger(__name__)

# Longest answers accepted, in characters.
MAX_SHORT_ANSWER = 500
MAX_NUMBER = 60
MAX_ESSAY = 50_000


# Starting ----------------------------------------------------------------------------------


def _open_attempt(quiz, learner):
    return (
        Attempt.objects.select_related("quiz")
        .filter(quiz=quiz, learner=learner, status=AttemptStatus.IN_PROGRESS)
        .first()
    )


def check_can_start(*, quiz, learner, now=None, used=None):
    """
    Raise QuizUnavailable or NoAttemptsLeft, with the reason in words, when
    learner may not start a new attempt now; return the enrolment it counts
    towards otherwise. used: attempts already made, when the caller knows.
    """
    now = now or timezone.now()
    if not quiz.live:
        raise QuizUnavailable(_("This quiz is not published."))
    if quiz.available_from and now < quiz.available_from:
        raise QuizUnavailable(
            _("This quiz opens on %(when)s.")
            % {"when": date_format(timezone.localtime(quiz.available_from), "DATETIME_FORMAT")}
        )
    if quiz.has_closed(now):
        raise QuizUnavailable(
            _("This quiz closed on %(when)s.")
            % {"when": date_format(timezone.localtime(quiz.available_until), "DATETIME_FORMAT")}
        )
    enrollment = access.reading_enrollment(learner, quiz.course)
    if enrollment is None:
        if access.sees_all_courses(learner) or access.teaches(learner, quiz.course):
            raise QuizUnavailable(
                _(
                    "Quizzes are taken by the course's learners. Staff can read the questions "
                    "in the admin, but cannot start an attempt."
                )
            )
        raise QuizUnavailable(
            _("Enrol in %(course)s to take this quiz.") % {"course": quiz.course.title}
        )
    if used is None:
        used = Attempt.objects.filter(quiz=quiz, learner=learner).count()
    if quiz.max_attempts and used >= quiz.max_attempts:
        raise NoAttemptsLeft(
            _("You have used all %(count)s attempts allowed on this quiz.")
            % {"count": quiz.max_attempts}
        )
    if not quiz.slots.exists():
        raise QuizUnavailable(_("This quiz has no questions yet."))
    return enrollment


def _draw_versions(quiz, rng):
    """The question versions for a new attempt: fixed slots, then random draws."""
    slots = list(
        quiz.slots.select_related("question__current_version", "category").order_by("sort_order")
    )
    drawn = []
    used = set()
    for slot in slots:
        if slot.question_id:
            question = slot.question
            if question.current_version_id and question.pk not in used:
                drawn.append(question.current_version)
                used.add(question.pk)
    for slot in slots:
        if not slot.category_id:
            continue
        candidates = list(
            Question.objects.active()
            .filter(category_id=slot.category_id, current_version__isnull=False)
            .exclude(pk__in=used)
            .select_related("current_version")
        )
        for question in rng.sample(candidates, min(slot.draw_count, len(candidates))):
            drawn.append(question.current_version)
            used.add(question.pk)
    return drawn


def _presentation(version, choices, pairs, *, shuffle, rng):
    """The order choices (or matching answers) are shown in, fixed for the attempt."""
    if version.type in (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.TRUE_FALSE):
        ids = [choice.pk for choice in choices]
        # True/false keeps its natural order: shuffling two options only confuses.
        if shuffle and version.type != QuestionType.TRUE_FALSE:
            rng.shuffle(ids)
        return ids
    if version.type == QuestionType.MATCHING:
        # Answers are never listed in prompt order, which would give the match away:
        # alphabetical unless the quiz shuffles choices.
        answers = sorted({pair.answer for pair in pairs}, key=str.casefold)
        if shuffle:
            rng.shuffle(answers)
        return answers
    return []


def _choices_and_pairs(version_ids):
    choices, pairs = defaultdict(list), defaultdict(list)
    for choice in Choice.objects.filter(version_id__in=version_ids).order_by("order", "pk"):
        choices[choice.version_id].append(choice)
    for pair in MatchPair.objects.filter(version_id__in=version_ids).order_by("order", "pk"):
        pairs[pair.version_id].append(pair)
    return choices, pairs


def start_attempt(*, quiz, learner, now=None, rng=None):
    """
    The learner's attempt in progress on quiz, or a new one. A resumed
    attempt whose time is up is closed first. Two tabs (or a double click)
    get the same attempt: the database holds one open attempt per learner
    and quiz, and the loser of a race returns the winner's.
    """
    now = now or timezone.now()
    rng = rng or random.SystemRandom()
    current = _open_attempt(quiz, learner)
    if current is not None:
        if not current.time_is_up(now):
            return current
        submit_attempt(attempt=current, by=None, now=now)
    enrollment = check_can_start(quiz=quiz, learner=learner, now=now)
    versions = _draw_versions(quiz, rng)
    if not versions:
        raise QuizUnavailable(_("This quiz has no questions yet."))
    if quiz.shuffle_questions:
        rng.shuffle(versions)
    choices, pairs = _choices_and_pairs([v.pk for v in versions])

    deadline = now + quiz.time_limit if quiz.time_limit else None
    if quiz.available_until and (deadline is None or quiz.available_until < deadline):
        # No attempt runs past the quiz's closing time.
        deadline = quiz.available_until
    try:
        with transaction.atomic():
            number = Attempt.objects.filter(quiz=quiz, learner=learner).order_by("-number").first()
            attempt = Attempt.objects.create(
                quiz=quiz,
                learner=learner,
                enrollment=enrollment,
                number=(number.number + 1) if number else 1,
                started_at=now,
                deadline=deadline,
                pass_score=quiz.pass_score,
                max_score=sum((v.points for v in versions), Decimal(0)),
            )
            AttemptQuestion.objects.bulk_create(
                AttemptQuestion(
                    attempt=attempt,
                    order=order,
                    question_version=version,
                    points=version.points,
                    presentation=_presentation(
                        version,
                        choices[version.pk],
                        pairs[version.pk],
                        shuffle=quiz.shuffle_choices,
                        rng=rng,
                    ),
                )
                for order, version in enumerate(versions, start=1)
            )
            record(
                action="quiz.started",
                actor=learner,
                target=attempt,
                after={"quiz": quiz.pk, "number": attempt.number},
            )
    except IntegrityError:
        existing = _open_attempt(quiz, learner)
        if existing is None:
            raise
        return existing
    return attempt


# Answering ---------------------------------------------------------------------------------


def _as_id(value, field_name):
    if isinstance(value, bool):
        raise InvalidAnswer(
            _("%(field)s: “%(value)s” is not a choice.") % {"field": field_name, "value": value}
        )
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    raise InvalidAnswer(
        _("%(field)s: “%(value)s” is not a choice.") % {"field": field_name, "value": value}
    )


def _text(value, field_name, limit):
    if not isinstance(value, str):
        raise InvalidAnswer(_("%(field)s: the answer must be text.") % {"field": field_name})
    if len(value) > limit:
        raise InvalidAnswer(
            _("%(field)s: the answer is too long (%(length)s characters, at most %(limit)s).")
            % {"field": field_name, "length": len(value), "limit": limit}
        )
    return value


def clean_response(row, response, pairs=()):
    """
    The response in its stored shape, or InvalidAnswer naming the question and
    the value. None, "", [] and {} clear the answer. pairs: the version's
    matching pairs (needed for matching questions only).
    """
    version = row.question_version
    field_name = _("Question %(number)s") % {"number": row.order}
    if marking.is_unanswered(response):
        return None
    kind = version.type
    if kind in (QuestionType.SINGLE, QuestionType.TRUE_FALSE):
        choice_id = _as_id(response, field_name)
        if choice_id not in row.presentation:
            raise InvalidAnswer(
                _("%(field)s: choice %(value)s is not one of this question's options.")
                % {"field": field_name, "value": choice_id}
            )
        return choice_id
    if kind == QuestionType.MULTIPLE:
        items = response if isinstance(response, list | tuple) else [response]
        chosen = sorted({_as_id(item, field_name) for item in items})
        unknown = [pk for pk in chosen if pk not in row.presentation]
        if unknown:
            raise InvalidAnswer(
                _("%(field)s: choice %(value)s is not one of this question's options.")
                % {"field": field_name, "value": unknown[0]}
            )
        return chosen
    if kind == QuestionType.SHORT_ANSWER:
        return _text(response, field_name, MAX_SHORT_ANSWER).strip()
    if kind == QuestionType.NUMERICAL:
        text = _text(
            response if not isinstance(response, int | float) else str(response),
            field_name,
            MAX_NUMBER,
        ).strip()
        if marking.parse_number(text) is None:
            raise InvalidAnswer(
                _("%(field)s: “%(value)s” is not a number.") % {"field": field_name, "value": text}
            )
        return text
    if kind == QuestionType.MATCHING:
        if not isinstance(response, dict):
            raise InvalidAnswer(
                _("%(field)s: pick an answer for each prompt.") % {"field": field_name}
            )
        prompts = {str(pair.pk) for pair in pairs}
        cleaned = {}
        for key, answer in response.items():
            if str(key) not in prompts:
                raise InvalidAnswer(
                    _("%(field)s: %(value)s is not one of this question's prompts.")
                    % {"field": field_name, "value": key}
                )
            if answer in (None, ""):
                continue
            if not isinstance(answer, str) or answer not in row.presentation:
                raise InvalidAnswer(
                    _("%(field)s: “%(value)s” is not one of the answers to pick from.")
                    % {"field": field_name, "value": answer}
                )
            cleaned[str(key)] = answer
        return cleaned or None
    if kind == QuestionType.ESSAY:
        return _text(response, field_name, MAX_ESSAY)
    raise InvalidAnswer(_("%(field)s: unknown question type.") % {"field": field_name})


def _check_owner(attempt, by):
    if by is None or by.pk != attempt.learner_id:
        raise PermissionDenied(_("Only the learner taking this attempt can change its answers."))


def _lock(attempt):
    return Attempt.objects.select_for_update().select_related("quiz").get(pk=attempt.pk)


def _time_up_error():
    return AttemptClosed(
        _("Time is up. Your attempt was submitted with the answers saved before the limit.")
    )


def _submitted_error():
    return AttemptClosed(_("This attempt has been submitted; its answers can no longer change."))


def save_answers(*, attempt, by, responses, now=None):
    """
    Save several answers at once: responses maps question order to response.
    Nothing is saved unless every response is valid (InvalidAnswer names the
    first bad one). Saving the same answers again changes nothing but the
    time they were saved.
    """
    _check_owner(attempt, by)
    now = now or timezone.now()
    timed_out = False
    with transaction.atomic():
        locked = _lock(attempt)
        if locked.status != AttemptStatus.IN_PROGRESS:
            raise _submitted_error()
        if locked.time_is_up(now):
            _submit_locked(locked, by=None, now=now)
            timed_out = True
        else:
            try:
                given = {int(order): response for order, response in responses.items()}
            except (TypeError, ValueError) as exc:
                raise InvalidAnswer(_("Answers must be keyed by question number.")) from exc
            orders = set(given)
            rows = list(
                locked.questions.filter(order__in=orders).select_related("question_version")
            )
            missing = orders - {row.order for row in rows}
            if missing:
                raise InvalidAnswer(
                    _("Question %(number)s is not part of this attempt.") % {"number": min(missing)}
                )
            matching = [
                row.question_version_id
                for row in rows
                if row.question_version.type == QuestionType.MATCHING
            ]
            pairs = defaultdict(list)
            if matching:
                for pair in MatchPair.objects.filter(version_id__in=matching):
                    pairs[pair.version_id].append(pair)
            for row in rows:
                row.response = clean_response(row, given[row.order], pairs[row.question_version_id])
                row.answered_at = now
            AttemptQuestion.objects.bulk_update(rows, ["response", "answered_at"])
    if timed_out:
        attempt.refresh_from_db()
        raise _time_up_error()
    return locked


def save_answer(*, attempt, by, question, response, now=None):
    """
    Save one answer. question: the question's order in the attempt, or its
    AttemptQuestion row. Refused (AttemptClosed) once the attempt is
    submitted; past the time limit and grace the attempt is closed instead.
    """
    if isinstance(question, AttemptQuestion):
        if question.attempt_id != attempt.pk:
            raise InvalidAnswer(_("That question is not part of this attempt."))
        question = question.order
    try:
        order = int(question)
    except (TypeError, ValueError) as exc:
        raise InvalidAnswer(
            _("“%(value)s” is not a question number.") % {"value": question}
        ) from exc
    return save_answers(attempt=attempt, by=by, responses={order: response}, now=now)


# Submitting and marking --------------------------------------------------------------------


def _mark_rows(attempt, *, now, cutoff):
    """Mark every row of attempt with the marking rules: a fixed number of queries."""
    rows = list(attempt.questions.select_related("question_version"))
    choices, pairs = _choices_and_pairs({row.question_version_id for row in rows})
    for row in rows:
        response = row.response
        if cutoff is not None and row.answered_at is not None and row.answered_at > cutoff:
            # Saved after the limit and grace (a slow request racing the close): never counts.
            response = None
        result = marking.mark(
            row.question_version,
            choices[row.question_version_id],
            pairs[row.question_version_id],
            response,
        )
        row.needs_grading = result.needs_grading
        row.score = marking.score_for(row.points, result.fraction)
        row.graded_at = None if result.needs_grading else now
    AttemptQuestion.objects.bulk_update(rows, ["score", "needs_grading", "graded_at"])
    # recompute() reads the rows through this cache instead of querying again.
    attempt._prefetched_objects_cache = {"questions": rows}
    return rows


def _submit_locked(attempt, *, by, now):
    cutoff = None
    if attempt.time_is_up(now):
        attempt.submitted_at = attempt.deadline
        attempt.closed_at_limit = True
        cutoff = attempt.deadline + attempt.quiz.grace
    else:
        attempt.submitted_at = now
    _mark_rows(attempt, now=now, cutoff=cutoff)
    attempt.recompute(now=now)
    attempt.save(
        update_fields=[
            "status",
            "submitted_at",
            "closed_at_limit",
            "max_score",
            "score",
            "percent",
            "passed",
            "graded_at",
        ]
    )
    del attempt._prefetched_objects_cache
    record(
        action="quiz.submitted",
        actor=by,
        target=attempt,
        after={
            "status": attempt.status,
            "score": str(attempt.score) if attempt.score is not None else None,
            "percent": str(attempt.percent) if attempt.percent is not None else None,
            "passed": attempt.passed,
            "closed_at_limit": attempt.closed_at_limit,
        },
    )
    logger.info("quiz attempt %s submitted (%s)", attempt.pk, attempt.status)
    return attempt


def submit_attempt(*, attempt, by, now=None):
    """
    Submit and mark an attempt. by: the learner, or None when the system
    closes an attempt whose time is up. Safe to call twice (double click,
    two tabs, a retry): the attempt row is locked, and an attempt already
    submitted is returned as it is, marked once.
    """
    if by is not None:
        _check_owner(attempt, by)
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock(attempt)
        if locked.status != AttemptStatus.IN_PROGRESS:
            return locked
        return _submit_locked(locked, by=by, now=now)


def close_expired_attempts(now=None):
    """
    Submit every attempt in progress whose time limit and grace have passed,
    with the answers saved in time. For the periodic job; returns how many.
    """
    now = now or timezone.now()
    closed = 0
    expired = (
        Attempt.objects.filter(status=AttemptStatus.IN_PROGRESS, deadline__lt=now)
        .select_related("quiz")
        .order_by("deadline")
    )
    for attempt in expired:
        if not attempt.time_is_up(now):
            continue  # still within its quiz's grace
        try:
            submitted = submit_attempt(attempt=attempt, by=None, now=now)
        except Exception:
            # One broken attempt must not keep the others open; the next run retries it.
            logger.exception("could not close quiz attempt %s", attempt.pk)
            continue
        closed += submitted.closed_at_limit
    return closed


# Results and review ------------------------------------------------------------------------


@dataclass
class QuizResult:
    """A learner's standing on a quiz, by the quiz's grading method."""

    quiz: object
    attempts: list = field(default_factory=list)
    # None: unlimited.
    attempts_left: int | None = None
    in_progress: Attempt | None = None
    awaiting_grading: bool = False
    # The result by the grading method over graded attempts (None: none graded yet).
    percent: Decimal | None = None
    passed: bool | None = None
    passed_any: bool = False

    @property
    def attempts_used(self):
        return len(self.attempts)

    @property
    def can_start(self):
        return self.in_progress is None and self.attempts_left != 0

    @property
    def status(self):
        """not_started, in_progress, awaiting_grading, passed or failed, for labels."""
        if self.in_progress is not None:
            return "in_progress"
        if self.passed:
            return "passed"
        if self.percent is not None:
            return "failed" if not self.awaiting_grading else "awaiting_grading"
        if self.awaiting_grading:
            return "awaiting_grading"
        return "not_started"


def result_from_attempts(quiz, attempts):
    """The QuizResult from the learner's attempts on quiz (no queries)."""
    attempts = sorted(attempts, key=lambda a: a.number)
    graded = [a for a in attempts if a.status == AttemptStatus.GRADED]
    result = QuizResult(
        quiz=quiz,
        attempts=attempts,
        attempts_left=max(0, quiz.max_attempts - len(attempts)) if quiz.max_attempts else None,
        in_progress=next((a for a in attempts if a.status == AttemptStatus.IN_PROGRESS), None),
        awaiting_grading=any(a.status == AttemptStatus.AWAITING_GRADING for a in attempts),
        passed_any=any(a.passed for a in graded),
    )
    if not graded:
        return result
    if quiz.grading_method == GradingMethod.LAST:
        last = graded[-1]
        result.percent, result.passed = last.percent, last.passed
    elif quiz.grading_method == GradingMethod.AVERAGE:
        average = sum((a.percent for a in graded), Decimal(0)) / len(graded)
        result.percent = average.quantize(Decimal("0.01"))
        result.passed = result.percent >= quiz.pass_score
    else:
        best = max(graded, key=lambda a: (a.percent, -a.number))
        result.percent, result.passed = best.percent, best.passed
    return result


def quiz_result(quiz, learner):
    """The learner's result on quiz by its grading method (one query)."""
    attempts = list(Attempt.objects.filter(quiz=quiz, learner=learner))
    for attempt in attempts:
        attempt.quiz = quiz
    return result_from_attempts(quiz, attempts)


def policy_allows(policy, *, attempt, result, now=None):
    """Whether a review policy lets the learner see something of a submitted attempt now."""
    if attempt.status == AttemptStatus.IN_PROGRESS:
        return False
    if policy == ReviewPolicy.IMMEDIATELY:
        return True
    if policy == ReviewPolicy.AFTER_PASS:
        return result.passed_any
    if policy == ReviewPolicy.AFTER_LAST_ATTEMPT:
        return result.passed_any or result.attempts_left == 0
    if policy == ReviewPolicy.AFTER_CLOSE:
        # A quiz without a closing time never closes.
        return attempt.quiz.has_closed(now)
    return False


@dataclass(frozen=True)
class ReviewRights:
    correct_answers: bool
    feedback: bool


def review_rights(attempt, *, viewer, result=None, now=None):
    """
    What viewer may see of attempt: its correct answers, and feedback
    (correctness, per-choice and general feedback). Graders and staff see
    everything; the learner what the quiz's policies allow now.
    """
    if attempt.status == AttemptStatus.IN_PROGRESS:
        return ReviewRights(correct_answers=False, feedback=False)
    if viewer.pk != attempt.learner_id:
        return ReviewRights(correct_answers=True, feedback=True)
    if result is None:
        result = quiz_result(attempt.quiz, attempt.learner)
    quiz = attempt.quiz
    return ReviewRights(
        correct_answers=policy_allows(
            quiz.show_correct_answers, attempt=attempt, result=result, now=now
        ),
        feedback=policy_allows(quiz.show_feedback, attempt=attempt, result=result, now=now),
    )
