"""
Demo assessments for DP-101: a question bank imported from GIFT (every
question type), a module quiz and the final assessment placed in lessons as
quiz blocks, an assignment with a rubric, and work by the Northwind cohort
through the same services the portal uses: graded and pending quiz attempts,
a graded submission with rubric feedback, and pending work in the
instructor's grading queue.

Idempotent: the bank, quizzes, rubric and assignment are looked up by name,
a lesson gets its block only when it has none for that item, and a learner's
work is added only when they have none on that quiz or assignment.
"""

import datetime
import logging
import random

from django.db import transaction
from django.utils import timezone

from lms.accounts.models import User
from lms.assessments.models import (
    Assignment,
    Attempt,
    AttemptQuestion,
    Choice,
    MatchPair,
    QuestionBank,
    QuestionType,
    Quiz,
    QuizSlot,
    ResubmissionPolicy,
    Rubric,
    Submission,
)
from lms.assessments.services.attempts import save_answers, start_attempt, submit_attempt
from lms.assessments.services.gift import import_questions
from lms.assessments.services.grading import grade_answer, grade_submission
from lms.assessments.services.submissions import submit_assignment
from lms.cohorts.models import Enrollment
from lms.cohorts.services import move_to_latest_version
from lms.courses.models import CoursePage, LessonPage

logger = logging.getLogger(__name__)

COURSE = "DP-101"
AUTHOR = "author@lectern.test"
PUBLISHER = "admin@lectern.test"
INSTRUCTOR = "instructor@lectern.test"
COORDINATOR = "coordinator@lectern.test"
LEARNER = "learner@northwind.example"

BANK = "Data Protection Essentials: question bank"
QUIZ = "Personal data and lawful bases: check your understanding"
FINAL = "Data Protection Essentials: final assessment"
RUBRIC = "Subject access request reply"
ASSIGNMENT = "Draft a reply to a subject access request"

QUIZ_LESSON = "lawful-bases"
FINAL_LESSON = "reporting-a-breach"
ASSIGNMENT_LESSON = "subject-access-requests"

GIFT = """\
// Data Protection Essentials (DP-101). One question of every type.
$CATEGORY: $course$/top/Personal data

::Personal data: a definition::Which of these is personal data?{
=A delivery driver's name and the registration of the van they drive#It identifies a living person.
~A company's annual turnover#A company is not a living person.
~The number of parcels delivered in March#Totals that identify nobody are not personal data.
~An anonymised survey where no one can be identified#Truly anonymous data is out of scope.
}

::Special category data::Which of these are special category data? Choose all that apply.{
~%50%Information about a colleague's health#Health data is special category data.
~%50%A customer's religious beliefs#Religious beliefs are special category data.
~%-50%A customer's home address#Personal, but not special category data.
~%-50%An employee's salary#Personal, but not special category data.
}

::Pseudonymised data::Pseudonymised data is still personal data.{T\
#No: it can be linked back to a person, so the law still applies.\
#Right: it can be linked back to a person with extra information.}

$CATEGORY: $course$/top/Rights and breaches

::Breach deadline::Within how many hours must a notifiable breach be reported to the ICO?{#72:0}

::Regulator::Which regulator enforces the UK GDPR? Give its short name.{
=ICO
=Information Commissioner's Office
=Information Commissioner
}

::Lawful bases::Match each situation with the lawful basis that fits it best.{
=Paying an employee's salary -> Contract
=Reporting income to HMRC -> Legal obligation
=Sending a newsletter someone signed up for -> Consent
=Calling an ambulance for an unconscious visitor -> Vital interests
}

::Breach response::A colleague emails a spreadsheet of customer addresses to the wrong \
supplier. Describe what you would do in the first hour, and why.{}
"""

RUBRIC_CRITERIA = [
    (
        "criterion",
        {
            "title": "Identifies the request",
            "description": "Recognises a subject access request and its deadline.",
            "levels": [
                {"label": "Missed", "points": "0", "description": "Treated as a complaint."},
                {"label": "Partly", "points": "5", "description": "No deadline given."},
                {"label": "Fully", "points": "10", "description": "One month, from receipt."},
            ],
        },
    ),
    (
        "criterion",
        {
            "title": "Verifies identity",
            "description": "Asks for proof of identity proportionately.",
            "levels": [
                {"label": "No", "points": "0", "description": ""},
                {"label": "Yes", "points": "10", "description": ""},
            ],
        },
    ),
    (
        "criterion",
        {
            "title": "Clear, plain reply",
            "description": "Written so the requester understands what happens next.",
            "levels": [
                {"label": "Unclear", "points": "0", "description": ""},
                {"label": "Adequate", "points": "5", "description": ""},
                {"label": "Clear", "points": "10", "description": ""},
            ],
        },
    ),
]

ANSWER_GOOD = (
    "Dear Ms Patel,\n\nThank you for your request of 3 November for a copy of the personal "
    "data Northwind holds about you. We will reply within one month of receiving it. To make "
    "sure we send your data only to you, please reply with a copy of photo ID.\n\nLiam Byrne"
)
ANSWER_NOOR = (
    "Dear Mr Okoro,\n\nWe have received your request for your delivery records and your "
    "driver app location history. We will send them within one month. Please confirm your "
    "date of birth and the last four digits of your staff number.\n\nNoor Haddad"
)
ANSWER_JONAS = (
    "Hello,\n\nThanks for asking about your data. I have passed your request to our data "
    "protection officer, who will be in touch.\n\nJonas Weber"
)
ESSAY_GOOD = (
    "Tell my manager and the data protection officer at once, and ask the supplier to delete "
    "the email and confirm it. Note what was sent, to whom and when, because the DPO has 72 "
    "hours to decide whether to report it to the ICO."
)
ESSAY_SHORT = "Ask the supplier to delete it and tell my manager."


def build_assessments():
    """Build the DP-101 assessments and demo work. Returns how many items were created."""
    course = CoursePage.objects.filter(code=COURSE).first()
    people = {
        email: User.objects.filter(email__iexact=email).first()
        for email in (AUTHOR, PUBLISHER, INSTRUCTOR, COORDINATOR, LEARNER)
    }
    if course is None or None in people.values():
        return 0
    author, publisher = people[AUTHOR], people[PUBLISHER]
    created = 0

    with transaction.atomic():
        bank, new = _bank(course, author=author)
        created += new
        quiz, new = _quiz(course, bank, title=QUIZ, final=False, author=author, publisher=publisher)
        created += new
        final, new = _quiz(
            course, bank, title=FINAL, final=True, author=author, publisher=publisher
        )
        created += new
        assignment, new = _assignment(course, author=author, publisher=publisher)
        created += new
        placed = _place(course, QUIZ_LESSON, "quiz", quiz, author=author, publisher=publisher)
        placed += _place(course, FINAL_LESSON, "quiz", final, author=author, publisher=publisher)
        placed += _place(
            course, ASSIGNMENT_LESSON, "assignment", assignment, author=author, publisher=publisher
        )
    if placed:
        # The lessons' new revisions make a new course version (recorded on
        # commit above); move the started learners onto it so they see the blocks.
        move_to_latest_version(
            enrollments=Enrollment.objects.filter(course=course, version__isnull=False),
            by=people[COORDINATOR],
        )

    created += _work(quiz, assignment, instructor=people[INSTRUCTOR])
    return created


def _bank(course, *, author):
    bank = QuestionBank.objects.filter(name=BANK).first()
    if bank is not None:
        return bank, False
    bank = QuestionBank.objects.create(
        name=BANK,
        course=course,
        description="Questions for the DP-101 module quizzes and final assessment.",
    )
    result = import_questions(bank=bank, text=GIFT, by=author)
    if result.errors:
        raise ValueError(f"The demo GIFT text has errors: {result.errors}")
    return bank, True


def _quiz(course, bank, *, title, final, author, publisher):
    quiz = Quiz.objects.filter(course=course, title=title).first()
    if quiz is not None:
        return quiz, False
    quiz = Quiz.objects.create(
        title=title,
        course=course,
        is_final_assessment=final,
        instructions=(
            "<p>Answer every question. Your best attempt counts.</p>"
            if not final
            else "<p>The final assessment: you need 80% to pass the course.</p>"
        ),
        pass_score=80 if final else 70,
        max_attempts=2 if final else 3,
        time_limit_minutes=30 if final else None,
        shuffle_choices=final,
        live=False,
    )
    if final:
        # The final assessment draws from both categories.
        for order, category in enumerate(bank.categories.order_by("name")):
            QuizSlot.objects.create(
                quiz=quiz,
                category=category,
                draw_count=category.questions.count(),
                sort_order=order,
            )
    else:
        for order, question in enumerate(bank.questions.order_by("pk")):
            QuizSlot.objects.create(quiz=quiz, question=question, sort_order=order)
    quiz.save_revision(user=author).publish(user=publisher)
    return Quiz.objects.get(pk=quiz.pk), True


def _assignment(course, *, author, publisher):
    assignment = Assignment.objects.filter(course=course, title=ASSIGNMENT).first()
    if assignment is not None:
        return assignment, False
    rubric, _created = Rubric.objects.get_or_create(
        name=RUBRIC, defaults={"criteria": RUBRIC_CRITERIA}
    )
    assignment = Assignment.objects.create(
        title=ASSIGNMENT,
        course=course,
        instructions=(
            "<p>A customer has emailed asking for “everything you hold about me”. Write the "
            "reply you would send today: acknowledge the request, say when they will hear "
            "back, and explain how you will check it is really them.</p>"
        ),
        due_at=timezone.now() + datetime.timedelta(days=21),
        accept_text=True,
        accept_files=True,
        allowed_file_types="pdf, docx",
        resubmission=ResubmissionPolicy.UNTIL_GRADED,
        rubric=rubric,
        pass_score=60,
        live=False,
    )
    assignment.save_revision(user=author).publish(user=publisher)
    return Assignment.objects.get(pk=assignment.pk), True


def _place(course, lesson_slug, block_type, item, *, author, publisher):
    """Append a block for item to the lesson and publish it, unless it has one. Returns 0 or 1."""
    lesson = LessonPage.objects.descendant_of(course).filter(slug=lesson_slug).first()
    if lesson is None:
        return 0
    lesson = lesson.get_latest_revision_as_object()
    if any(
        block.block_type == block_type and getattr(block.value, "pk", None) == item.pk
        for block in lesson.body
    ):
        return 0
    lesson.body.append((block_type, item))
    lesson.save_revision(user=author).publish(user=publisher)
    return 1


# Learners' work -----------------------------------------------------------------------


def _work(quiz, assignment, *, instructor):
    created = 0
    liam = User.objects.get(email__iexact=LEARNER)
    noor = User.objects.filter(email__iexact="noor.haddad@northwind.example").first()
    jonas = User.objects.filter(email__iexact="jonas.weber@northwind.example").first()
    now = timezone.now()

    if not Attempt.objects.filter(quiz=quiz, learner=liam).exists():
        # A first attempt with two slips, its essay graded; a second one awaiting grading.
        first = _take(quiz, liam, correct=False, essay=ESSAY_SHORT, at=now - datetime.timedelta(2))
        _grade_essays(
            first,
            instructor=instructor,
            score_share=0.5,
            feedback="Good first steps. Who else must you tell, and what clock starts now?",
        )
        _take(quiz, liam, correct=True, essay=ESSAY_GOOD, at=now - datetime.timedelta(hours=20))
        created += 2
    if noor and not Attempt.objects.filter(quiz=quiz, learner=noor).exists():
        _take(quiz, noor, correct=True, essay=ESSAY_GOOD, at=now - datetime.timedelta(hours=30))
        created += 1

    if not Submission.objects.filter(assignment=assignment, learner=liam).exists():
        submission = submit_assignment(
            assignment=assignment,
            learner=liam,
            text=ANSWER_GOOD,
            now=now - datetime.timedelta(days=3),
        )
        criteria = list(assignment.rubric.criteria)
        grade_submission(
            submission=submission,
            # Fully, Yes, Adequate.
            rubric_levels={criteria[0].id: 2, criteria[1].id: 1, criteria[2].id: 1},
            feedback=(
                "A clear, polite reply with the right deadline and an identity check. Say "
                "which records you will send, so the customer knows what to expect."
            ),
            by=instructor,
            seen_revision=submission.grade_revision,
        )
        created += 1
    for learner, answer, hours in ((noor, ANSWER_NOOR, 26), (jonas, ANSWER_JONAS, 8)):
        if (
            learner
            and not Submission.objects.filter(assignment=assignment, learner=learner).exists()
        ):
            submit_assignment(
                assignment=assignment,
                learner=learner,
                text=answer,
                now=now - datetime.timedelta(hours=hours),
            )
            created += 1
    return created


def _take(quiz, learner, *, correct, essay, at):
    """Start, answer and submit an attempt as learner. correct=False gets two questions wrong."""
    attempt = start_attempt(quiz=quiz, learner=learner, now=at, rng=random.Random(learner.pk))
    rows = list(AttemptQuestion.objects.filter(attempt=attempt).select_related("question_version"))
    responses = {row.order: _answer(row, correct=correct, essay=essay) for row in rows}
    later = at + datetime.timedelta(minutes=12)
    save_answers(attempt=attempt, by=learner, responses=responses, now=later)
    return submit_attempt(attempt=attempt, by=learner, now=later)


def _answer(row, *, correct, essay):
    version = row.question_version
    kind = version.type
    choices = list(Choice.objects.filter(version=version).order_by("order"))
    if kind in (QuestionType.SINGLE, QuestionType.TRUE_FALSE):
        best = max(choices, key=lambda c: c.credit)
        return best.pk
    if kind == QuestionType.MULTIPLE:
        good = [c.pk for c in choices if c.credit > 0]
        # A slip: one right choice and one wrong one, for partial credit.
        return good if correct else [good[0], next(c.pk for c in choices if c.credit < 0)]
    if kind == QuestionType.SHORT_ANSWER:
        return "ICO"
    if kind == QuestionType.NUMERICAL:
        return "72" if correct else "48"
    if kind == QuestionType.MATCHING:
        return {
            str(pair.pk): pair.answer
            for pair in MatchPair.objects.filter(version=version).order_by("order")
        }
    return essay


def _grade_essays(attempt, *, instructor, score_share, feedback):
    for row in AttemptQuestion.objects.filter(attempt=attempt, needs_grading=True):
        grade_answer(
            row=row,
            score=str(round(row.points * type(row.points)(str(score_share)), 2)),
            feedback=feedback,
            by=instructor,
            seen_revision=row.grade_revision,
        )
