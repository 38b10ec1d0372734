"""
Assessments (issue 5, "Performance").

run(ctx), in the rolled-back transaction:
- the grading queue (/admin/grading/, Django test client, as an instructor
  of the learners' cohort and as a coordinator) with 50 and with 5,000
  pending items (half essay answers of submitted attempts, half assignment
  submissions): equal query counts mean the page does not grow with the queue.
- submit_attempt on a 20-question auto-graded attempt: queries and time.

run_live(ctx), committed rows, gunicorn (bench_courses.gunicorn: 2 sync
workers, bench settings): 200 enrolled learners each with an attempt in
progress on a 20-question quiz; 200 client threads each save all 20 answers
(POST /assess/attempts/<id>/save/) then submit (POST .../submit/), one in
ten submitting twice at once. Afterwards the database is checked: every
saved answer present, each attempt submitted and graded once (one
'quiz.submitted' audit event each, 200 in all), each score equal to the
score the posted answers earn. Then the committed rows are deleted.
LECTERN_SKIP_SERVER=1 leaves run_live out.

The data is built with the test factories (tests/factories), as the tests do.
"""

import http.client
import os
import random
import statistics
import threading
import time
from decimal import Decimal
from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from bench.bench_courses import create_session, delete_session, gunicorn, machine_cpu
from bench.harness import capture_queries, client, make_user, measure, percentile, result, time_get
from lms.accounts.roles import Role
from lms.assessments.models import (
    Attempt,
    AttemptQuestion,
    AttemptStatus,
    Choice,
    QuestionType,
    Submission,
    SubmissionStatus,
)
from lms.assessments.services.attempts import save_answers, start_attempt, submit_attempt
from lms.audit.models import AuditEvent
from lms.cohorts.services import self_enroll
from tests.factories.assessments import AssignmentFactory, make_question, make_quiz
from tests.factories.courses import CoursePageFactory, publish

QUEUE_URL = "/admin/grading/"
ESSAYS_PER_ATTEMPT = 25
SUBMISSIONS_PER_LEARNER = 25
QUESTIONS = 20
LIVE_LEARNERS = 200
DOUBLE_SUBMIT_EVERY = 10
LIVE_TIME_LIMIT_SECONDS = 300


def log(message, *args):
    print("  " + (message % args if args else message), flush=True)


def auto_graded_quiz(course, count=QUESTIONS):
    """count questions, alternating single choice (3 options) and true/false, 1 point each."""
    questions = [
        make_question(
            QuestionType.SINGLE if i % 2 == 0 else QuestionType.TRUE_FALSE, name=f"Bench Q{i}"
        )
        for i in range(count)
    ]
    return make_quiz(questions, course=course, title="Bench quiz", max_attempts=0)


# In process ------------------------------------------------------------------------------


def run(ctx):
    course = publish(CoursePageFactory(title="Bench assessments course"))
    essays = [
        make_question(QuestionType.ESSAY, name=f"Bench essay {i}")
        for i in range(ESSAYS_PER_ATTEMPT)
    ]
    essay_quiz = make_quiz(essays, course=course, title="Bench essays", max_attempts=0)
    assignment = AssignmentFactory(course=course, title="Bench assignment")
    instructor = make_user("bench-instructor@lectern.test", Role.INSTRUCTOR)
    coordinator = make_user("bench-coordinator@lectern.test", Role.COORDINATOR)

    serial = [0]

    def add_pending(learners):
        """Per learner: a submitted attempt with 25 essays to grade and 25 submissions."""
        for _ in range(learners):
            serial[0] += 1
            learner = make_user(f"bench-queue-{serial[0]}@lectern.test", Role.LEARNER)
            enrollment = self_enroll(course=course, learner=learner)
            enrollment.cohort.instructors.add(instructor)
            attempt = start_attempt(quiz=essay_quiz, learner=learner)
            save_answers(
                attempt=attempt,
                by=learner,
                responses=dict.fromkeys(range(1, ESSAYS_PER_ATTEMPT + 1), "A considered answer."),
            )
            submit_attempt(attempt=attempt, by=learner)
            Submission.objects.bulk_create(
                Submission(
                    assignment=assignment,
                    learner=learner,
                    enrollment=enrollment,
                    number=number,
                    text="My risk register.",
                    max_score=Decimal("10"),
                    status=SubmissionStatus.SUBMITTED,
                )
                for number in range(1, SUBMISSIONS_PER_LEARNER + 1)
            )

    def pending():
        answers = AttemptQuestion.objects.awaiting_grading().count()
        return answers + Submission.objects.awaiting_grading().count()

    rows = []
    as_instructor, as_coordinator = client(instructor), client(coordinator)
    figures = {}
    for target in (50, 5_000):
        add_pending(target // (ESSAYS_PER_ATTEMPT + SUBMISSIONS_PER_LEARNER) - serial[0])
        count = pending()
        if count != target:
            raise AssertionError(f"expected {target} pending items, found {count}")
        for label, browser in (("instructor", as_instructor), ("coordinator", as_coordinator)):
            response = browser.get(QUEUE_URL)
            if response.status_code != 200:
                raise AssertionError(f"GET {QUEUE_URL} as {label}: {response.status_code}")
            n = ctx.n if target == 50 else max(10, ctx.n // 4)
            figures[target, label] = time_get(QUEUE_URL, browser=browser, n=n, warmup=ctx.warmup)
    for label in ("instructor", "coordinator"):
        small, big = figures[50, label], figures[5_000, label]
        same = (
            "same queries as 50"
            if small["queries"] == big["queries"]
            else f"QUERIES DIFFER from 50 ({small['queries']})"
        )
        rows.append(result(f"grading queue, 50 pending, {label}", notes="page 1", **small))
        rows.append(
            result(
                f"grading queue, 5,000 pending, {label}",
                notes=f"page 1 of 100; {same}; median x{big['median_ms'] / small['median_ms']:.2f}",
                **big,
            )
        )

    rows.append(submit_figure(ctx, course))
    return rows


def submit_figure(ctx, course):
    """submit_attempt on a 20-question attempt with every answer saved."""
    quiz = auto_graded_quiz(course)
    n = max(10, ctx.n // 4)
    learners = [
        make_user(f"bench-submit-{i}@lectern.test", Role.LEARNER) for i in range(n + ctx.warmup + 1)
    ]
    attempts = []
    for learner in learners:
        self_enroll(course=course, learner=learner)
        attempt = start_attempt(quiz=quiz, learner=learner)
        save_answers(attempt=attempt, by=learner, responses=answers_for(attempt, random.Random(1)))
        attempts.append((Attempt.objects.get(pk=attempt.pk), learner))
    first, learner = attempts.pop()
    captured = capture_queries(lambda: submit_attempt(attempt=first, by=learner))
    queries = len(captured)
    if os.environ.get("LECTERN_BENCH_SQL"):
        for query in captured:
            log("  %s", query["sql"][:160])
    queue = iter(attempts)

    def once():
        attempt, who = next(queue)
        submit_attempt(attempt=attempt, by=who)

    timing = measure(once, n=n, warmup=ctx.warmup)
    return result(
        "submit_attempt, 20 auto-graded questions",
        median_ms=timing.median_ms,
        p95_ms=timing.p95_ms,
        queries=queries,
        n=n,
        notes="lock, mark 20 rows, bulk update, recompute, audit",
    )


def answers_for(attempt, rng):
    """A random choice for every question of attempt, by order (the choice ids shown)."""
    return {
        row.order: rng.choice(row.presentation)
        for row in attempt.questions.only("order", "presentation")
    }


# Live: 200 learners submitting at once -----------------------------------------------------


def run_live(ctx):
    if os.environ.get("LECTERN_SKIP_SERVER"):
        return []
    created = {"users": [], "sessions": []}
    try:
        return _run_live(created)
    finally:
        cleanup(created)


def _run_live(created):
    started = time.perf_counter()
    since = timezone.now()
    course = publish(CoursePageFactory(title="Bench live quiz course"))
    created["course"] = course
    quiz = auto_graded_quiz(course)
    created["quiz"] = quiz
    learners = []
    for i in range(LIVE_LEARNERS):
        learner = make_user(f"bench-live-{i}@lectern.test", Role.LEARNER)
        created["users"].append(learner)
        self_enroll(course=course, learner=learner)
        attempt = start_attempt(quiz=quiz, learner=learner)
        session = create_session(learner)
        created["sessions"].append(session)
        learners.append((learner, attempt, session))
    log(
        "committed %s learners with attempts in %.0f s",
        LIVE_LEARNERS,
        time.perf_counter() - started,
    )

    credit = dict(
        Choice.objects.filter(
            version_id__in=AttemptQuestion.objects.filter(attempt__quiz=quiz).values(
                "question_version_id"
            )
        ).values_list("pk", "credit")
    )
    rng = random.Random(5)
    plans = []
    for index, (_learner, attempt, session) in enumerate(learners):
        answers = answers_for(attempt, rng)
        expected = sum((Decimal(credit[pk]) / 100 for pk in answers.values()), Decimal(0))
        plans.append(
            {
                "attempt": attempt.pk,
                "session": session,
                "answers": answers,
                "expected": expected,
                "double": index % DOUBLE_SUBMIT_EVERY == 0,
            }
        )

    lock = threading.Lock()
    save_ms, submit_ms, errors = [], [], []
    barrier = threading.Barrier(LIVE_LEARNERS)

    with gunicorn() as server:

        def post(path, session, fields):
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
            token = "b" * 32
            try:
                conn.request(
                    "POST",
                    path,
                    body=urlencode(fields, doseq=True),
                    headers={
                        "Cookie": f"sessionid={session}; csrftoken={token}",
                        "X-CSRFToken": token,
                        "Content-Type": "application/x-www-form-urlencoded",
                    },
                )
                response = conn.getresponse()
                response.read()
                return response.status
            finally:
                conn.close()

        def timed(path, session, fields, into, label):
            begin = time.perf_counter()
            try:
                status = post(path, session, fields)
            except OSError as exc:
                status = repr(exc)
            elapsed = (time.perf_counter() - begin) * 1000
            with lock:
                if status == 302:
                    into.append(elapsed)
                else:
                    errors.append(f"{label} {path}: {status}")

        def learner_loop(plan):
            base = f"/assess/attempts/{plan['attempt']}/"
            fields = {f"q-{order}": str(pk) for order, pk in plan["answers"].items()}
            fields["action"] = "save"
            barrier.wait(timeout=LIVE_TIME_LIMIT_SECONDS)
            timed(base + "save/", plan["session"], fields, save_ms, "save")
            if plan["double"]:
                second = threading.Thread(
                    target=timed, args=(base + "submit/", plan["session"], {}, submit_ms, "submit")
                )
                second.start()
                timed(base + "submit/", plan["session"], {}, submit_ms, "submit")
                second.join()
            else:
                timed(base + "submit/", plan["session"], {}, submit_ms, "submit")

        threads = [threading.Thread(target=learner_loop, args=(plan,)) for plan in plans]
        cpu_before, machine_before = server.cpu_seconds(), machine_cpu()
        begin = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=LIVE_TIME_LIMIT_SECONDS)
        seconds = time.perf_counter() - begin
        server_cpu = server.cpu_seconds() - cpu_before
        machine_after = machine_cpu()
    busy, total = (machine_after[i] - machine_before[i] for i in (0, 1))
    for error in errors[:10]:
        log("error: %s", error)

    verdict = verify(quiz, plans, since=since)
    log(
        "checked: {lost} lost answers, {duplicates} duplicate grades, {wrong} wrong scores, "
        "{audits} quiz.submitted events, {graded} attempts graded".format(**verdict)
    )
    submits = sum(2 if plan["double"] else 1 for plan in plans)
    ok = (
        verdict["lost"] == 0
        and verdict["duplicates"] == 0
        and verdict["wrong"] == 0
        and verdict["graded"] == LIVE_LEARNERS
        and verdict["audits"] == LIVE_LEARNERS
    )
    notes = (
        f"{LIVE_LEARNERS} learners at once, {submits} submit POSTs "
        f"({LIVE_LEARNERS // DOUBLE_SUBMIT_EVERY} double); "
        f"lost answers: {verdict['lost']}, duplicate grades: {verdict['duplicates']}, "
        f"wrong scores: {verdict['wrong']}, quiz.submitted events: {verdict['audits']}, "
        f"graded: {verdict['graded']}/{LIVE_LEARNERS}; {len(errors)} errors; "
        f"{(len(save_ms) + len(submit_ms)) / seconds:.1f} req/s over {seconds:.1f} s; "
        f"{1000 * server_cpu / max(1, len(save_ms) + len(submit_ms)):.0f} ms server CPU/request; "
        f"machine {busy / total if total else 0:.0%} busy"
    )
    rows = [
        result(
            "live submit POST, gunicorn 2 sync workers",
            median_ms=percentile(submit_ms, 50) if submit_ms else float("nan"),
            p95_ms=percentile(submit_ms, 95) if submit_ms else float("nan"),
            queries=None,
            n=len(submit_ms),
            notes=notes,
        ),
        result(
            "live save POST (20 answers), gunicorn 2 sync workers",
            median_ms=percentile(save_ms, 50) if save_ms else float("nan"),
            p95_ms=percentile(save_ms, 95) if save_ms else float("nan"),
            queries=None,
            n=len(save_ms),
            notes=f"mean {statistics.fmean(save_ms) if save_ms else 0:.0f} ms",
        ),
    ]
    if not ok or errors:
        log("LIVE CHECK FAILED: %s", notes)
    return rows


def verify(quiz, plans, *, since):
    """Count what the database says against what the clients posted."""
    by_pk = {plan["attempt"]: plan for plan in plans}
    lost = 0
    for row in AttemptQuestion.objects.filter(attempt__quiz=quiz).only(
        "attempt_id", "order", "response"
    ):
        if row.response != by_pk[row.attempt_id]["answers"][row.order]:
            lost += 1
    attempts = list(Attempt.objects.filter(quiz=quiz))
    wrong = sum(1 for a in attempts if a.score != by_pk[a.pk]["expected"])
    graded = sum(1 for a in attempts if a.status == AttemptStatus.GRADED and a.submitted_at)
    events = (
        AuditEvent.objects.filter(
            action="quiz.submitted",
            target_type=ContentType.objects.get_for_model(Attempt),
            target_id__in=[str(pk) for pk in by_pk],
            created_at__gte=since,
        )
        .values("target_id")
        .annotate(n=Count("pk"))
    )
    audits = sum(event["n"] for event in events)
    duplicates = sum(event["n"] - 1 for event in events if event["n"] > 1)
    return {
        "lost": lost,
        "duplicates": duplicates,
        "wrong": wrong,
        "graded": graded,
        "audits": audits,
    }


def cleanup(created):
    """
    Delete what run_live committed (best effort, logged). The quiz.started and
    quiz.submitted audit events stay: the audit log is append-only by design.
    """
    for session in created["sessions"]:
        delete_session(session)
    quiz = created.get("quiz")
    users = [user.pk for user in created["users"]]
    steps = []
    if quiz is not None:
        steps += [
            ("answers", lambda: AttemptQuestion.objects.filter(attempt__quiz=quiz).delete()),
            ("attempts", lambda: Attempt.objects.filter(quiz=quiz).delete()),
            ("quiz", lambda: delete_quiz(quiz)),
        ]
    if "course" in created:
        steps.append(("course", lambda: delete_course(created["course"], users)))
    for label, step in steps:
        try:
            step()
        except Exception as exc:
            log("cleanup of %s failed: %s", label, exc)
    connection.close()


def delete_quiz(quiz):
    from lms.assessments.models import Question

    question_ids = list(quiz.slots.values_list("question_id", flat=True))
    bank_ids = set(Question.objects.filter(pk__in=question_ids).values_list("bank_id", flat=True))
    quiz.slots.all().delete()
    quiz.delete()
    for question in Question.objects.filter(pk__in=question_ids):
        question.current_version = None
        question.save(update_fields=["current_version"])
        question.versions.all().delete()
        question.delete()
    from lms.assessments.models import QuestionBank

    QuestionBank.objects.filter(pk__in=bank_ids).delete()


def delete_course(course, users):
    from lms.accounts.models import User
    from lms.cohorts.models import Cohort, Enrollment

    Enrollment.objects.filter(course=course).delete()
    Cohort.objects.filter(course=course).delete()
    User.objects.filter(pk__in=users).delete()
    course.delete()
