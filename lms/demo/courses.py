"""
The demo academy's courses: four published courses with real lessons, their
cohorts, enrolments with some progress, and a second version of one course
that a learner who started on the first version stays on.

Pages are created, never updated: courses are looked up by code and their
modules and lessons by slug, and only missing ones are added and published.
A second run therefore publishes nothing and records no revisions or course
versions, and a demo course edited in the admin keeps its edits.
"""

import logging
import re
import textwrap
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from lms.accounts.models import Organisation, User
from lms.cohorts.models import Cohort, CohortStatus, DeliveryFormat, Enrollment, EnrollmentSource
from lms.cohorts.services import (
    default_self_paced_cohort,
    enroll_learner,
    self_enroll,
    start_enrollment,
    touch,
)
from lms.courses.models import (
    CourseIndexPage,
    CoursePage,
    CourseStatus,
    CourseType,
    CourseVersion,
    Difficulty,
    EnrolmentMode,
    LessonPage,
    ModulePage,
)
from lms.progress.learning import complete_lesson, record_view

logger = logging.getLogger(__name__)

AUTHOR_EMAIL = "author@lectern.test"
PUBLISHER_EMAIL = "admin@lectern.test"
COORDINATOR_EMAIL = "coordinator@lectern.test"
INSTRUCTOR_EMAIL = "instructor@lectern.test"


@dataclass(frozen=True)
class LessonSpec:
    title: str
    slug: str
    minutes: int
    body: list


@dataclass(frozen=True)
class ModuleSpec:
    title: str
    slug: str
    summary: str
    lessons: list


@dataclass(frozen=True)
class CourseSpec:
    code: str
    title: str
    slug: str
    summary: str
    description: str
    outcomes: list
    course_type: str
    difficulty: str
    enrolment_mode: str
    skills: list
    modules: list
    pass_score: int = 70
    recertification_months: int | None = None
    prerequisites: list = field(default_factory=list)  # course codes, built earlier


@dataclass(frozen=True)
class Authorship:
    author: User | None
    publisher: User | None


@dataclass(frozen=True)
class CohortSpec:
    code: str
    course: str
    name: str
    organisation: str
    delivery_format: str
    start_date: date
    end_date: date
    enrolment_opens: date
    enrolment_closes: date
    capacity: int
    location: str = ""
    meeting_url: str = ""


@dataclass(frozen=True)
class EnrolmentPlan:
    """
    One learner in one course. cohort None means the learner enrols
    themselves; completed None means they have not opened the course yet,
    otherwise they have started it and completed its first `completed` lessons.
    """

    email: str
    course: str
    cohort: str | None
    completed: int | None


@dataclass
class CoursesResult:
    courses: int = 0
    new_courses: int = 0
    new_pages: int = 0
    new_cohorts: int = 0
    new_enrolments: int = 0
    completed_lessons: int = 0
    new_versions: int = 0

    def __str__(self):
        news = [
            (self.new_courses, "courses"),
            (self.new_pages, "pages"),
            (self.new_cohorts, "cohorts"),
            (self.new_enrolments, "enrolments"),
            (self.completed_lessons, "lessons completed"),
            (self.new_versions, "course versions"),
        ]
        new = ", ".join(f"{count} {label}" for count, label in news if count)
        return f"{self.courses} demo courses ready ({'new: ' + new if new else 'nothing new'})."


def build_courses():
    """
    Build the demo courses, cohorts, enrolments and progress. Needs the demo
    people (lms.demo.seed) to exist.

    Each step commits on its own, in order: a new course is published only
    after its modules and lessons, so its first version holds all of them;
    learners start their courses (and are pinned to a version) after that;
    and the lesson that makes a second version of PY-201 comes last. Run it
    outside any atomic block, so that whatever records versions on commit
    sees each step.
    """
    result = CoursesResult()
    versions_before = CourseVersion.objects.count()
    # Written by the content author and published by an administrator, as
    # the review workflow would have it (authors cannot publish).
    author = Authorship(
        author=User.objects.filter(email__iexact=AUTHOR_EMAIL).first(),
        publisher=User.objects.filter(email__iexact=PUBLISHER_EMAIL).first(),
    )

    courses = {}
    for spec in COURSES:
        with transaction.atomic():
            courses[spec.code] = _build_course(spec, author=author, result=result)
    result.courses = len(courses)

    with transaction.atomic():
        cohorts = _build_cohorts(courses, result=result)
    for plan in ENROLMENTS:
        with transaction.atomic():
            _enrol(plan, courses=courses, cohorts=cohorts, result=result)

    # Publishing a lesson into PY-201 after learner@northwind.example has
    # started it records version 2; they stay pinned to version 1.
    module_slug, lesson_spec = PYTHON_LATER_LESSON
    with transaction.atomic():
        module = ModulePage.objects.child_of(courses["PY-201"]).filter(slug=module_slug).first()
        if module is not None:
            _ensure_lesson(module, lesson_spec, author=author, result=result)

    result.new_versions = CourseVersion.objects.count() - versions_before
    return result


def _build_course(spec, *, author, result):
    course = CoursePage.objects.filter(code=spec.code).first()
    created = course is None
    if created:
        course = CoursePage(
            title=spec.title,
            slug=spec.slug,
            code=spec.code,
            summary=spec.summary,
            description=spec.description,
            outcomes="\n".join(spec.outcomes),
            course_type=spec.course_type,
            difficulty=spec.difficulty,
            estimated_minutes=0,  # add up the lessons
            language="en",
            status=CourseStatus.ACTIVE,
            enrolment_mode=spec.enrolment_mode,
            pass_score=spec.pass_score,
            recertification_months=spec.recertification_months,
        )
        course.skills.add(*spec.skills)
        course.prerequisites.set(CoursePage.objects.filter(code__in=spec.prerequisites))
        _add_draft(CourseIndexPage.objects.get(), course, author=author)
        result.new_courses += 1
        result.new_pages += 1
        logger.info("Demo course %s created", spec.code)

    for module_spec in spec.modules:
        module = ModulePage.objects.child_of(course).filter(slug=module_spec.slug).first()
        if module is None:
            module = ModulePage(
                title=module_spec.title, slug=module_spec.slug, summary=module_spec.summary
            )
            module = _add_and_publish(course, module, author=author)
            result.new_pages += 1
        for lesson_spec in module_spec.lessons:
            _ensure_lesson(module, lesson_spec, author=author, result=result)

    if created:
        # Published last, so that its first version holds all its modules and
        # lessons (publishing anything in a live course records a version).
        _publish(CoursePage.objects.get(pk=course.pk), author=author)
    return CoursePage.objects.get(pk=course.pk)


def _ensure_lesson(module, spec, *, author, result):
    if LessonPage.objects.child_of(module).filter(slug=spec.slug).exists():
        return
    lesson = LessonPage(
        title=spec.title, slug=spec.slug, estimated_minutes=spec.minutes, body=spec.body
    )
    _add_and_publish(module, lesson, author=author)
    result.new_pages += 1


def _add_draft(parent, page, *, author):
    page.owner = author.author
    page.live = False
    parent.add_child(instance=page)


def _publish(page, *, author):
    page.save_revision(user=author.author).publish(user=author.publisher)


def _add_and_publish(parent, page, *, author):
    """Add page under parent and publish it; returns it reloaded."""
    _add_draft(parent, page, author=author)
    _publish(page, author=author)
    # publish() works on a copy made from the revision, so reload for live state.
    return type(page).objects.get(pk=page.pk)


def _build_cohorts(courses, *, result):
    cohorts = {}
    for course in courses.values():
        existed = Cohort.objects.filter(course=course, is_default_self_paced=True).exists()
        default_self_paced_cohort(course)
        result.new_cohorts += not existed

    instructor = User.objects.get(email__iexact=INSTRUCTOR_EMAIL)
    for spec in COHORTS:
        cohort, created = Cohort.objects.get_or_create(
            code=spec.code,
            defaults={
                "course": courses[spec.course],
                "name": spec.name,
                "organisation": Organisation.objects.get(slug=spec.organisation),
                "delivery_format": spec.delivery_format,
                "status": CohortStatus.RUNNING,
                "start_date": spec.start_date,
                "end_date": spec.end_date,
                "enrolment_opens": spec.enrolment_opens,
                "enrolment_closes": spec.enrolment_closes,
                "capacity": spec.capacity,
                "location": spec.location,
                "meeting_url": spec.meeting_url,
            },
        )
        if created:
            cohort.instructors.add(instructor)
            cohort.save()  # instructors is a ParentalManyToManyField
            result.new_cohorts += 1
        cohorts[spec.code] = cohort
    return cohorts


def _enrol(plan, *, courses, cohorts, result):
    """
    Enrol the learner unless they have ever been enrolled in the course, and
    only then add their progress, so that whatever people do in the demo
    afterwards (finish, withdraw) is left alone.
    """
    learner = User.objects.get(email__iexact=plan.email)
    course = courses[plan.course]
    if Enrollment.objects.filter(learner=learner, course=course).exists():
        return
    if plan.cohort is None:
        enrollment = self_enroll(course=course, learner=learner)
    else:
        cohort = cohorts[plan.cohort]
        enrollment = enroll_learner(
            cohort=cohort,
            learner=learner,
            by=User.objects.get(email__iexact=COORDINATOR_EMAIL),
            source=EnrollmentSource.COORDINATOR,
            due_date=cohort.end_date,
        )
    result.new_enrolments += 1
    if plan.completed is None:
        return

    # What opening the first lesson does, then completing lessons in order.
    enrollment = start_enrollment(enrollment)
    lessons = list(course.lesson_pages()[: max(plan.completed, 1)])
    for lesson in lessons:
        record_view(learner=learner, lesson=lesson, course=course)
    for lesson in lessons[: plan.completed]:
        result.completed_lessons += complete_lesson(
            learner=learner, lesson=lesson, course=course, enrollment=enrollment
        )
    if lessons:
        touch(enrollment, lessons[-1])


# Cohorts and enrolments ---------------------------------------------------------

COHORTS = [
    CohortSpec(
        code="DP-101-NW-2026",
        course="DP-101",
        name="Northwind Logistics: Data Protection Essentials, November 2026",
        organisation="northwind",
        delivery_format=DeliveryFormat.ONLINE_LIVE,
        start_date=date(2026, 11, 2),
        end_date=date(2026, 12, 15),
        enrolment_opens=date(2026, 10, 1),
        enrolment_closes=date(2026, 11, 13),
        capacity=30,
        meeting_url="https://meet.lectern.test/dp-101-nw-2026",
    ),
    CohortSpec(
        code="FB-110-HH-2026",
        course="FB-110",
        name="Harbour Health Trust: feedback skills for ward leaders, November 2026",
        organisation="harbour-health",
        delivery_format=DeliveryFormat.IN_PERSON,
        start_date=date(2026, 11, 9),
        end_date=date(2026, 12, 11),
        enrolment_opens=date(2026, 10, 12),
        enrolment_closes=date(2026, 11, 6),
        capacity=16,
        location="Harbour Health Trust Education Centre, Seminar Room 2",
    ),
]

ENROLMENTS = [
    EnrolmentPlan("learner@northwind.example", "DP-101", "DP-101-NW-2026", completed=2),
    EnrolmentPlan("noor.haddad@northwind.example", "DP-101", "DP-101-NW-2026", completed=5),
    EnrolmentPlan("jonas.weber@northwind.example", "DP-101", "DP-101-NW-2026", completed=0),
    EnrolmentPlan("amelie.dubois@northwind.example", "DP-101", "DP-101-NW-2026", completed=None),
    EnrolmentPlan("kwame.mensah@harbourhealth.example", "FB-110", "FB-110-HH-2026", completed=4),
    EnrolmentPlan("sofia.rossi@harbourhealth.example", "FB-110", "FB-110-HH-2026", completed=1),
    EnrolmentPlan("siobhan.kelly@harbourhealth.example", "FB-110", "FB-110-HH-2026", None),
    # Self-enrolments. PY-201 is started here, before its second version exists.
    EnrolmentPlan("learner@northwind.example", "PY-201", None, completed=4),
    EnrolmentPlan("learner@northwind.example", "FB-110", None, completed=2),
]


# Lesson body blocks ----------------------------------------------------------------


def heading(text, level="h2"):
    return ("heading", {"text": text, "level": level})


def _html(source):
    # The content below is wrapped for reading; store it as an editor would.
    html = " ".join(source.split())
    return re.sub(r"\s*(</?(?:p|ul|ol|li)>)\s*", r"\1", html)


def text(html):
    return ("rich_text", _html(html))


def callout(kind, title, html):
    return ("callout", {"kind": kind, "title": title, "text": _html(html)})


def tip(title, html):
    return callout("tip", title, html)


def warning(title, html):
    return callout("warning", title, html)


def key_point(title, html):
    return callout("key", title, html)


def code(language, source, caption=""):
    return (
        "code",
        {"language": language, "code": textwrap.dedent(source).strip(), "caption": caption},
    )


def resource(url, title, description=""):
    return ("external_resource", {"url": url, "title": title, "description": description})


# DP-101 Data Protection Essentials ---------------------------------------------

DATA_PROTECTION = CourseSpec(
    code="DP-101",
    title="Data Protection Essentials",
    slug="data-protection-essentials",
    summary=(
        "The UK GDPR in practical terms: what personal data is, the lawful bases for using it, "
        "people's rights over it, handling it securely, and what to do in the first 72 hours "
        "after a breach. Required every year for all staff."
    ),
    description=(
        "<p>Everyone who handles information about customers, colleagues or suppliers is "
        "responsible for looking after it. This course explains the UK GDPR and the Data "
        "Protection Act 2018 in plain terms: what personal data is, when you may use it, what "
        "rights people have over it, and what to do when something goes wrong.</p>"
        "<p>The lessons are built around everyday situations in offices, depots, wards and on "
        "the road, and end with a short assessment. Because the law and the risks change, "
        "your organisation will ask you to repeat the course every twelve months.</p>"
    ),
    outcomes=[
        "Recognise personal data and special category data in the records you handle",
        "Explain the seven data protection principles and apply them to your own work",
        "Identify the lawful basis for a processing activity and know when consent is not "
        "appropriate",
        "Recognise a request from someone exercising their rights and pass it on the same day",
        "Handle, share, keep and dispose of personal data securely",
        "Report a suspected personal data breach straight away, and explain why the 72-hour "
        "deadline matters",
    ],
    course_type=CourseType.COMPLIANCE,
    difficulty=Difficulty.INTRODUCTORY,
    enrolment_mode=EnrolmentMode.ASSIGNED,
    pass_score=80,
    recertification_months=12,
    skills=["Data protection", "UK GDPR", "Information security", "Incident reporting"],
    modules=[
        ModuleSpec(
            title="Personal data and the law",
            slug="personal-data-and-the-law",
            summary="What counts as personal data, the principles behind the law, and the "
            "lawful bases that allow you to use it.",
            lessons=[
                LessonSpec(
                    title="What counts as personal data",
                    slug="what-counts-as-personal-data",
                    minutes=10,
                    body=[
                        heading("Information about a living person"),
                        text(
                            """
                            <p>Personal data is any information relating to an identified or
                            identifiable living individual. Someone is <i>identifiable</i> if
                            you could work out who they are, directly or indirectly, from the
                            information on its own or combined with other information you hold
                            or could reasonably obtain.</p>
                            <p>That covers far more than names and addresses. In a normal
                            working week you might handle:</p>
                            <ul>
                            <li>contact details, employee numbers and payroll records</li>
                            <li>a delivery note with a customer's name, address and the
                            instruction "hard of hearing, please knock loudly"</li>
                            <li>vehicle telematics showing where a particular driver was and
                            when</li>
                            <li>CCTV footage, photographs and call recordings</li>
                            <li>online identifiers such as IP addresses, device IDs and cookie
                            identifiers</li>
                            <li>opinions about someone, such as comments in an appraisal or a
                            note on a complaint</li>
                            </ul>
                            """
                        ),
                        key_point(
                            "The test to apply",
                            """
                            <p>If the information, on its own or together with other data you
                            could reasonably get hold of, tells you something about a particular
                            person, treat it as personal data.</p>
                            """,
                        ),
                        heading("Special category data"),
                        text(
                            """
                            <p>Some personal data is more sensitive, because misusing it could
                            cause serious harm or discrimination. The UK GDPR calls it
                            <b>special category data</b>:</p>
                            <ul>
                            <li>racial or ethnic origin</li>
                            <li>political opinions</li>
                            <li>religious or philosophical beliefs</li>
                            <li>trade union membership</li>
                            <li>genetic data, and biometric data used to identify someone, such
                            as a fingerprint clocking-in system</li>
                            <li>health data, including sickness absence notes and occupational
                            health reports</li>
                            <li>data about a person's sex life or sexual orientation</li>
                            </ul>
                            <p>Information about criminal convictions and offences is not
                            special category data, but it has its own strict rules. Using any
                            of these needs both a lawful basis and an additional condition,
                            which the next lessons explain.</p>
                            """
                        ),
                        heading("Pseudonymised and anonymised data"),
                        text(
                            """
                            <p><b>Pseudonymised</b> data has had its direct identifiers
                            replaced, for example names swapped for reference numbers while the
                            key is kept elsewhere. It is still personal data, because anyone
                            with the key can re-identify people.</p>
                            <p><b>Anonymised</b> data cannot reasonably be linked back to anyone,
                            by anyone, and falls outside data protection law. True anonymisation
                            is harder than it looks: a postcode, a job title and a date of birth
                            together often point to one person.</p>
                            """
                        ),
                        warning(
                            "Small numbers identify people",
                            """
                            <p>A report saying "one driver at the Leeds depot left for a
                            health-related reason" names nobody, yet everyone at that depot
                            knows who it means. Take care with small groups in reports,
                            dashboards and presentations.</p>
                            """,
                        ),
                    ],
                ),
                LessonSpec(
                    title="The seven data protection principles",
                    slug="the-seven-principles",
                    minutes=15,
                    body=[
                        text(
                            """
                            <p>Article 5 of the UK GDPR sets out seven principles. They are not
                            a checklist to complete once; they describe how personal data
                            should be treated from the moment it is collected until it is
                            deleted. Almost every detailed rule in the law comes back to one of
                            them.</p>
                            """
                        ),
                        heading("The principles"),
                        text(
                            """
                            <ol>
                            <li><b>Lawfulness, fairness and transparency.</b> Have a lawful
                            basis, use data in ways people would reasonably expect, and tell
                            them what you are doing with it.</li>
                            <li><b>Purpose limitation.</b> Collect data for specified, explicit
                            purposes and do not reuse it for something incompatible without a
                            fresh justification.</li>
                            <li><b>Data minimisation.</b> Collect and keep only what is
                            adequate, relevant and necessary for the purpose.</li>
                            <li><b>Accuracy.</b> Keep data accurate and up to date, and correct
                            or delete it promptly when it is wrong.</li>
                            <li><b>Storage limitation.</b> Keep data in a form that identifies
                            people for no longer than you need it.</li>
                            <li><b>Integrity and confidentiality.</b> Protect data against
                            unauthorised access, loss, destruction or damage with appropriate
                            technical and organisational measures.</li>
                            <li><b>Accountability.</b> Be able to show that you comply:
                            policies, records of processing, training, impact assessments and
                            decisions written down.</li>
                            </ol>
                            """
                        ),
                        heading("The principles at work"),
                        text(
                            """
                            <p>Suppose the customer service team wants to start recording
                            calls. The principles turn that idea into concrete questions:</p>
                            <ul>
                            <li>Why are we recording, and how will callers know before the
                            recording starts? <i>(transparency, purpose limitation)</i></li>
                            <li>Do we need every call, or a sample for quality checks? Do we
                            need the part of the call where card details are read out?
                            <i>(minimisation)</i></li>
                            <li>How long will recordings be kept, and who deletes them?
                            <i>(storage limitation)</i></li>
                            <li>Who can listen to them, and where are they stored?
                            <i>(security)</i></li>
                            <li>Where have we written the answers down? <i>(accountability)</i>
                            </li>
                            </ul>
                            """
                        ),
                        tip(
                            "Privacy by design",
                            """
                            <p>The cheapest time to get data protection right is at the start.
                            If you are planning a new system, supplier or way of working that
                            uses personal data, involve your data protection lead early. For
                            processing likely to result in a high risk to people, a data
                            protection impact assessment (DPIA) is a legal requirement.</p>
                            """,
                        ),
                    ],
                ),
                LessonSpec(
                    title="Lawful bases for processing",
                    slug="lawful-bases",
                    minutes=15,
                    body=[
                        text(
                            """
                            <p>You may only process personal data if one of six lawful bases in
                            Article 6 applies. The basis is decided <i>before</i> processing
                            starts, recorded, and explained in the privacy notice. You cannot
                            switch to a different basis later because the first one turned out
                            to be inconvenient.</p>
                            """
                        ),
                        heading("The six lawful bases"),
                        text(
                            """
                            <ul>
                            <li><b>Consent</b>: the person has given a clear, specific,
                            informed and freely given indication that they agree, and can
                            withdraw it as easily as they gave it.</li>
                            <li><b>Contract</b>: the processing is necessary to perform a
                            contract with the person, or to take steps they asked for before
                            entering into one. Using a customer's address to deliver their
                            order is the classic example.</li>
                            <li><b>Legal obligation</b>: the law requires it, such as reporting
                            pay and deductions to HMRC or keeping accident records.</li>
                            <li><b>Vital interests</b>: it is necessary to protect someone's
                            life, for instance passing medical details to paramedics.</li>
                            <li><b>Public task</b>: it is necessary for a task in the public
                            interest or an official function with a clear basis in law. It
                            mainly applies to public bodies.</li>
                            <li><b>Legitimate interests</b>: it is necessary for your, or a
                            third party's, legitimate interests, and those interests are not
                            overridden by the person's rights. This needs a documented
                            balancing test.</li>
                            </ul>
                            """
                        ),
                        warning(
                            "Consent is not always the answer",
                            """
                            <p>Consent is only valid when people have a genuine choice. An
                            employer asking staff to "consent" to monitoring rarely meets that
                            test, because of the imbalance of power. Where another basis
                            properly applies, use it, rather than asking for consent you would
                            not respect if it were refused.</p>
                            """,
                        ),
                        heading("Special category data needs two things"),
                        text(
                            """
                            <p>To process special category data you need a lawful basis from
                            Article 6 <i>and</i> a separate condition from Article 9, such as
                            explicit consent, obligations under employment law, or the
                            provision of health or social care. Many of these conditions also
                            require an "appropriate policy document" under the Data Protection
                            Act 2018. If you are unsure whether a condition applies, ask before
                            you collect the data, not afterwards.</p>
                            """
                        ),
                        tip(
                            "Try it yourself",
                            """
                            <p>A warehouse manager wants fingerprint scanners for clocking in.
                            Biometric data used to identify people is special category data,
                            and consent from employees is rarely freely given. What would the
                            organisation need to do? (At the very least: a DPIA, an Article 9
                            condition, and a genuine alternative such as a key card for anyone
                            who objects.)</p>
                            """,
                        ),
                    ],
                ),
            ],
        ),
        ModuleSpec(
            title="Rights and requests",
            slug="rights-and-requests",
            summary="The rights people have over their data, how to recognise a request, and "
            "how to share data with other organisations safely.",
            lessons=[
                LessonSpec(
                    title="The rights of individuals",
                    slug="rights-of-individuals",
                    minutes=12,
                    body=[
                        text(
                            """
                            <p>The UK GDPR gives people rights over the data organisations hold
                            about them. Most rights are not absolute, but every request must be
                            recognised, recorded and answered on time.</p>
                            <ul>
                            <li><b>To be informed</b> about how their data is used, usually
                            through a privacy notice.</li>
                            <li><b>Of access</b> to a copy of their data (a subject access
                            request).</li>
                            <li><b>To rectification</b> of inaccurate or incomplete data.</li>
                            <li><b>To erasure</b>, sometimes called the right to be forgotten,
                            in certain circumstances.</li>
                            <li><b>To restrict processing</b>, for example while a dispute about
                            accuracy is settled.</li>
                            <li><b>To data portability</b>: receiving data they provided in a
                            machine-readable format.</li>
                            <li><b>To object</b> to processing, which is absolute for direct
                            marketing.</li>
                            <li>Rights related to <b>automated decision-making</b>, including
                            profiling.</li>
                            </ul>
                            """
                        ),
                        key_point(
                            "A request can arrive anywhere",
                            """
                            <p>People do not need to use a form, quote the law or say "subject
                            access request". A driver telling a shift manager "I want to see
                            everything you have on me", a message on social media, or a line at
                            the end of a complaint email are all valid requests, and the clock
                            starts when the organisation receives them.</p>
                            """,
                        ),
                        heading("When you receive a request"),
                        text(
                            """
                            <ol>
                            <li>Acknowledge it politely, without promising what will be
                            provided.</li>
                            <li>Note who made it, when, how, and exactly what they asked
                            for.</li>
                            <li>Pass it to the data protection team the same working day.</li>
                            <li>Carry on as normal with the person's records: do not delete,
                            amend or "tidy up" anything because a request has been made.</li>
                            </ol>
                            """
                        ),
                        warning(
                            "Altering records is a criminal offence",
                            """
                            <p>Under section 173 of the Data Protection Act 2018 it is an
                            offence to alter, deface, block, erase, destroy or conceal
                            information with the intention of preventing it from being
                            disclosed in response to a request.</p>
                            """,
                        ),
                    ],
                ),
                LessonSpec(
                    title="Handling a subject access request",
                    slug="subject-access-requests",
                    minutes=15,
                    body=[
                        heading("The deadline"),
                        text(
                            """
                            <p>A subject access request must be answered without undue delay
                            and within <b>one calendar month</b> of receipt. If the request is
                            complex, or the person has made several, the deadline can be
                            extended by up to two further months, but you must tell them within
                            the first month and explain why.</p>
                            <p>If you reasonably need proof of identity, the time limit runs
                            from when you receive it. If you hold a large amount of information
                            about the person you may ask them to say what they are most
                            interested in; the clock pauses while you wait for their answer.</p>
                            """
                        ),
                        heading("What the person is entitled to"),
                        text(
                            """
                            <ul>
                            <li>confirmation that you process their data</li>
                            <li>a copy of the data itself</li>
                            <li>supporting information: the purposes, who it has been shared
                            with, how long it will be kept, where it came from, and their other
                            rights, including the right to complain to the Information
                            Commissioner's Office (ICO)</li>
                            </ul>
                            <p>In most cases you cannot charge a fee. A reasonable fee is
                            allowed only for requests that are manifestly unfounded or
                            excessive, or for further copies.</p>
                            """
                        ),
                        heading("Searching and redacting"),
                        text(
                            """
                            <p>Search reasonably and proportionately wherever the data really
                            is: email, shared drives, case management and HR systems, chat
                            messages, paper files, call recordings and CCTV. Information about
                            other people must normally be redacted unless they agree to its
                            release or it is reasonable to disclose it without their
                            agreement.</p>
                            """
                        ),
                        tip(
                            "Chat messages count",
                            """
                            <p>Messages about a person in team chats, and notes in a work
                            notebook, are in scope if they contain information about them. Write
                            about people as though they will read it, because they may.</p>
                            """,
                        ),
                        warning(
                            "Embarrassing is not exempt",
                            """
                            <p>There are exemptions, for example for legal advice or
                            information that would prejudice the prevention of crime, but an
                            unflattering or careless comment is not one of them. Only the data
                            protection team decides what is withheld, and records why.</p>
                            """,
                        ),
                    ],
                ),
                LessonSpec(
                    title="Sharing data and working with suppliers",
                    slug="sharing-data-and-suppliers",
                    minutes=12,
                    body=[
                        heading("Controllers and processors"),
                        text(
                            """
                            <p>A <b>controller</b> decides why and how personal data is used. A
                            <b>processor</b> handles it only on the controller's instructions:
                            a payroll bureau, a cloud hosting provider or a confidential
                            shredding company, for example. The law requires a written contract
                            with every processor setting out what they may do with the data and
                            how they must protect it.</p>
                            """
                        ),
                        heading("Before you share"),
                        text(
                            """
                            <ul>
                            <li>Is there a lawful basis, and would the person expect it?</li>
                            <li>Does the recipient need all of it, or would less do?</li>
                            <li>Is the route secure: an approved file-sharing service rather
                            than an email attachment?</li>
                            <li>Is the sharing recorded, and covered by an agreement where it
                            happens regularly?</li>
                            </ul>
                            <p>Check identity and authority when someone asks you for
                            information about another person, whether they say they are a
                            relative, a solicitor or the police. Police requests are usually
                            made in writing and explain why the information is needed to
                            prevent or detect crime; the law allows you to share in those
                            circumstances but does not oblige you to, so pass them to the data
                            protection team.</p>
                            """
                        ),
                        heading("Transfers outside the UK", level="h3"),
                        text(
                            """
                            <p>Sending personal data outside the UK, including storing it with
                            a service hosted abroad, needs a legal mechanism such as UK adequacy
                            regulations or the International Data Transfer Agreement. New tools
                            and suppliers must be checked before any personal data goes into
                            them.</p>
                            """
                        ),
                        warning(
                            "Free tools are not free",
                            """
                            <p>Pasting a customer list into an unapproved AI assistant, online
                            file converter or personal cloud account discloses it to a third
                            party with no contract and no safeguards. Use only the tools your
                            organisation has approved.</p>
                            """,
                        ),
                    ],
                ),
            ],
        ),
        ModuleSpec(
            title="Keeping data safe",
            slug="keeping-data-safe",
            summary="Secure habits, keeping data only as long as it is needed, and what to do "
            "when something goes wrong.",
            lessons=[
                LessonSpec(
                    title="Handling data securely day to day",
                    slug="secure-handling",
                    minutes=12,
                    body=[
                        text(
                            """
                            <p>Most personal data breaches are not sophisticated attacks. They
                            are ordinary mistakes: an email to the wrong person, a laptop left
                            on a train, a printout collected by someone else. Good habits
                            prevent almost all of them.</p>
                            """
                        ),
                        heading("Habits that protect people"),
                        text(
                            """
                            <ul>
                            <li><b>Lock your screen</b> whenever you step away (Windows key + L
                            on Windows, Control + Command + Q on a Mac).</li>
                            <li><b>Keep a clear desk</b>: paperwork with personal data goes in
                            a locked drawer at the end of the day.</li>
                            <li><b>Use secure printing</b> and collect documents straight
                            away.</li>
                            <li><b>Share links, not attachments</b>, using approved services
                            with access limited to the people who need it.</li>
                            <li><b>Use multi-factor authentication</b> and a password manager;
                            never reuse work passwords elsewhere.</li>
                            <li><b>Mind your surroundings</b> when working in public: screens
                            can be read and phone calls overheard.</li>
                            </ul>
                            """
                        ),
                        tip(
                            "Pause before you press send",
                            """
                            <p>Sending information to the wrong recipient is one of the most
                            common breaches reported to the ICO. Check the address after
                            autocomplete has filled it in, and use BCC or a mailing tool when
                            writing to a group of customers, so that their addresses are not
                            shared with each other.</p>
                            """,
                        ),
                        heading("Spotting phishing"),
                        text(
                            """
                            <p>Be suspicious of messages that create urgency, ask you to log in
                            through a link, contain unexpected attachments, or ask to change a
                            supplier's bank details. Check the sender's real address, not just
                            the display name. To verify a request, contact the person using
                            details you already hold, never those in the message itself, and
                            report anything suspicious using your organisation's reporting
                            button or service desk.</p>
                            """
                        ),
                    ],
                ),
                LessonSpec(
                    title="Keeping data only as long as needed",
                    slug="retention-and-disposal",
                    minutes=10,
                    body=[
                        text(
                            """
                            <p>The storage limitation principle means personal data must not be
                            kept longer than it is needed. Your organisation's <b>retention
                            schedule</b> sets out how long each kind of record is kept and why:
                            sometimes because the law requires it, sometimes because of a
                            business need such as defending a legal claim.</p>
                            """
                        ),
                        heading("Typical retention periods", level="h3"),
                        text(
                            """
                            <ul>
                            <li>Payroll records: at least three years from the end of the tax
                            year they relate to, as HMRC requires.</li>
                            <li>Applications from unsuccessful job candidates: commonly around
                            six months after the decision.</li>
                            <li>CCTV recordings: often around 30 days unless needed for an
                            investigation.</li>
                            </ul>
                            <p>These are examples only: always follow your own organisation's
                            schedule.</p>
                            """
                        ),
                        key_point(
                            '"Just in case" is not a purpose',
                            """
                            <p>Personal copies of spreadsheets, old exports on shared drives and
                            email archives kept "in case they come in handy" are a common source
                            of breaches and make subject access requests harder. If a record has
                            reached the end of its retention period, delete it.</p>
                            """,
                        ),
                        heading("Disposing of data securely"),
                        text(
                            """
                            <ul>
                            <li>Put paper in confidential waste bins or a cross-cut shredder,
                            never the ordinary recycling.</li>
                            <li>Return old laptops, phones and storage devices to IT for
                            certified wiping or destruction.</li>
                            <li>Delete files from shared drives and cloud services, and empty
                            the recycle bin where you are responsible for it.</li>
                            </ul>
                            """
                        ),
                    ],
                ),
                LessonSpec(
                    title="Recognising and reporting a breach within 72 hours",
                    slug="reporting-a-breach",
                    minutes=15,
                    body=[
                        heading("What a personal data breach is"),
                        text(
                            """
                            <p>A personal data breach is a breach of security leading to the
                            accidental or unlawful destruction, loss, alteration, unauthorised
                            disclosure of, or access to, personal data. It is not only
                            hacking:</p>
                            <ul>
                            <li>an email or letter sent to the wrong person</li>
                            <li>a lost or stolen laptop, phone or paper file</li>
                            <li>a spreadsheet shared with "anyone with the link"</li>
                            <li>ransomware that makes records unavailable</li>
                            <li>a colleague looking up a neighbour's record out of
                            curiosity</li>
                            </ul>
                            """
                        ),
                        heading("What to do in the first hour"),
                        text(
                            """
                            <ol>
                            <li><b>Report it internally straight away</b>, even if you are not
                            sure it counts, and even outside working hours.</li>
                            <li><b>Contain it if you safely can</b>: recall the email, ask the
                            recipient to delete it and confirm they have, or change a sharing
                            link.</li>
                            <li><b>Do not investigate alone</b>, delete evidence or contact the
                            people affected unless the data protection team asks you to.</li>
                            <li><b>Write down what happened</b>: what data, how many people,
                            when it happened, when it was discovered, and what you have done so
                            far.</li>
                            </ol>
                            """
                        ),
                        heading("The 72-hour deadline"),
                        text(
                            """
                            <p>Unless a breach is unlikely to result in a risk to people's
                            rights and freedoms, the organisation must report it to the ICO
                            without undue delay and, where feasible, within <b>72 hours of
                            becoming aware of it</b>. Where the risk to people is high, they
                            must also be told without undue delay, so they can protect
                            themselves. Every breach, reported or not, is recorded internally
                            with the reasons for the decision.</p>
                            """
                        ),
                        warning(
                            "The clock includes weekends",
                            """
                            <p>The organisation is usually treated as aware once any member of
                            staff knows. The 72 hours are not working hours: a breach noticed
                            at 5pm on Friday must normally be reported to the ICO by 5pm on
                            Monday. A report you delay until "after the weekend" may leave the
                            team too little time.</p>
                            """,
                        ),
                        resource(
                            "https://ico.org.uk/for-organisations/report-a-breach/",
                            "ICO: report a personal data breach",
                            "The regulator's guidance on when and how to report a breach, with "
                            "a self-assessment tool.",
                        ),
                        resource(
                            "https://www.legislation.gov.uk/ukpga/2018/12/contents",
                            "Data Protection Act 2018",
                            "The full text of the Act on legislation.gov.uk.",
                        ),
                    ],
                ),
            ],
        ),
    ],
)


# PY-201 Python for Data Analysis ----------------------------------------------------

PYTHON = CourseSpec(
    code="PY-201",
    title="Python for Data Analysis",
    slug="python-for-data-analysis",
    summary=(
        "Load, clean, reshape and summarise real operational data with Python and pandas, and "
        "turn a one-off notebook into a repeatable report. For people who already know basic "
        "Python."
    ),
    description=(
        "<p>Spreadsheets are excellent until the data outgrows them, or the same report has to "
        "be rebuilt by hand every Monday. This course teaches the parts of "
        '<a href="https://pandas.pydata.org/docs/">pandas</a> that analysts use every day, '
        "working throughout with a realistic delivery dataset from a logistics company.</p>"
        "<p>You should be comfortable with basic Python (variables, lists, dictionaries, "
        "functions and loops) before you start. Every lesson has code you can run and adapt, and "
        "the course ends with a short practical assessment.</p>"
    ),
    outcomes=[
        "Set up an isolated Python environment with pandas and Jupyter",
        "Load CSV and Excel files with the right data types, and inspect what you have loaded",
        "Select, filter and clean data, deciding deliberately how to treat missing values",
        "Derive new columns with vectorised operations instead of loops",
        "Summarise data with groupby, named aggregations and pivot tables",
        "Combine datasets safely and check the results of every join",
        "Export results to CSV, Excel and charts as a repeatable script",
    ],
    course_type=CourseType.TECHNICAL,
    difficulty=Difficulty.INTERMEDIATE,
    enrolment_mode=EnrolmentMode.OPEN,
    pass_score=70,
    skills=["Python", "pandas", "Data analysis", "Data cleaning"],
    modules=[
        ModuleSpec(
            title="Getting started with pandas",
            slug="getting-started",
            summary="A working environment, the two core pandas structures, and loading real "
            "files with the right types.",
            lessons=[
                LessonSpec(
                    title="Setting up your environment",
                    slug="setting-up",
                    minutes=10,
                    body=[
                        text(
                            """
                            <p>pandas is the standard Python library for working with tables of
                            data. It reads files from CSV and Excel to databases, and gives you
                            fast, expressive tools to clean, reshape and summarise them.</p>
                            <p>Give each project its own <b>virtual environment</b>, so that the
                            packages one project needs never clash with another's. You need a
                            recent version of Python 3; check with <code>python3
                            --version</code>.</p>
                            """
                        ),
                        code(
                            "bash",
                            """
                            python3 -m venv .venv
                            source .venv/bin/activate        # on Windows: .venv\\Scripts\\activate
                            python -m pip install --upgrade pip
                            python -m pip install pandas openpyxl matplotlib jupyterlab
                            python -c "import pandas as pd; print(pd.__version__)"
                            """,
                            "Create and activate a virtual environment, then install pandas, "
                            "Excel support, charts and JupyterLab.",
                        ),
                        tip(
                            "Record what you installed",
                            """
                            <p>Run <code>python -m pip freeze &gt; requirements.txt</code> once
                            your analysis works, and commit the file with your code. Anyone can
                            then recreate the same environment with <code>python -m pip install
                            -r requirements.txt</code>.</p>
                            """,
                        ),
                        heading("Notebooks or scripts?"),
                        text(
                            """
                            <p>Start JupyterLab with <code>jupyter lab</code>. Notebooks are
                            ideal for exploring: you see each table and chart as you go. Once an
                            analysis has to run again, next week or on someone else's machine,
                            move it into a script, which the last lesson of this course shows
                            you how to do.</p>
                            """
                        ),
                        resource(
                            "https://docs.python.org/3/tutorial/venv.html",
                            "Python tutorial: virtual environments and packages",
                            "How venv and pip work together, from the official Python "
                            "documentation.",
                        ),
                    ],
                ),
                LessonSpec(
                    title="Series and DataFrames",
                    slug="series-and-dataframes",
                    minutes=15,
                    body=[
                        text(
                            """
                            <p>pandas has two core structures. A <b>Series</b> is one column of
                            values with an <b>index</b> of labels. A <b>DataFrame</b> is a table:
                            several Series sharing the same index, each with its own name and
                            data type (<i>dtype</i>).</p>
                            """
                        ),
                        code(
                            "python",
                            """
                            import pandas as pd

                            weights = pd.Series(
                                [12.5, 3.5, 8.0],
                                index=["LDS-1001", "LDS-1002", "MAN-2001"],
                                name="weight_kg",
                            )
                            weights["MAN-2001"]   # 8.0
                            weights.mean()        # 8.0
                            """,
                            "A Series: values with labels.",
                        ),
                        code(
                            "python",
                            """
                            deliveries = pd.DataFrame(
                                {
                                    "order_id": ["LDS-1001", "LDS-1002", "MAN-2001", "MAN-2002"],
                                    "depot": ["Leeds", "Leeds", "Manchester", "Manchester"],
                                    "weight_kg": [12.5, 3.5, 8.0, 21.5],
                                    "on_time": [True, False, True, True],
                                }
                            )
                            deliveries.shape              # (4, 4): rows, columns
                            deliveries.dtypes             # one type per column
                            deliveries["weight_kg"].sum() # 45.5
                            deliveries["on_time"].mean()  # 0.75: True counts as 1
                            """,
                            "A DataFrame built from a dictionary of columns.",
                        ),
                        heading("Think in columns"),
                        text(
                            """
                            <p>Operations on a column apply to every row at once, in fast
                            compiled code. Converting every weight to pounds is one line, with
                            no loop:</p>
                            """
                        ),
                        code(
                            "python",
                            """
                            deliveries["weight_lb"] = deliveries["weight_kg"] * 2.20462
                            """,
                        ),
                        warning(
                            "Avoid looping over rows",
                            """
                            <p><code>for index, row in deliveries.iterrows()</code> works, but
                            it is typically hundreds of times slower than a column operation and
                            easy to get wrong. If you find yourself writing a loop, look for
                            the vectorised method first.</p>
                            """,
                        ),
                    ],
                ),
                LessonSpec(
                    title="Loading and inspecting data",
                    slug="loading-and-inspecting",
                    minutes=15,
                    body=[
                        text(
                            """
                            <p>Most analysis starts with a file. <code>read_csv</code> has many
                            options; a few of them save hours of cleaning later, because they
                            get the types right at the moment the data is loaded.</p>
                            """
                        ),
                        code(
                            "python",
                            """
                            deliveries = pd.read_csv(
                                "deliveries.csv",
                                usecols=[
                                    "order_id", "depot", "driver_id", "dispatched_at",
                                    "delivered_at", "weight_kg", "postcode", "status",
                                ],
                                dtype={
                                    "order_id": "string",
                                    "driver_id": "string",
                                    "depot": "category",
                                    "postcode": "string",
                                },
                                parse_dates=["dispatched_at", "delivered_at"],
                            )
                            """,
                            "Load only the columns you need, with explicit types.",
                        ),
                        heading("First look"),
                        code(
                            "python",
                            """
                            deliveries.head()                  # the first five rows
                            deliveries.info()                  # columns, types, non-null counts
                            deliveries.describe()              # summary statistics for numbers
                            deliveries["depot"].value_counts() # how many rows per depot
                            deliveries.isna().sum()            # missing values per column
                            """,
                        ),
                        warning(
                            "Identifiers are text, not numbers",
                            """
                            <p>Read codes such as employee numbers, phone numbers and postcodes
                            as <code>"string"</code>. Loaded as numbers, <code>00731</code>
                            silently becomes <code>731</code> and can no longer be matched.</p>
                            """,
                        ),
                        tip(
                            "Excel files",
                            """
                            <p><code>pd.read_excel("returns.xlsx", sheet_name="November",
                            skiprows=2)</code> reads one worksheet, skipping title rows above
                            the header. It needs the <code>openpyxl</code> package installed in
                            the first lesson.</p>
                            """,
                        ),
                        resource(
                            "https://pandas.pydata.org/docs/user_guide/io.html",
                            "pandas user guide: IO tools",
                            "Every option for reading and writing CSV, Excel, JSON, SQL and more.",
                        ),
                    ],
                ),
            ],
        ),
        ModuleSpec(
            title="Cleaning and transforming data",
            slug="cleaning-and-transforming",
            summary="Select the rows you need, fix types and missing values, and derive the "
            "columns your analysis depends on.",
            lessons=[
                LessonSpec(
                    title="Selecting and filtering",
                    slug="selecting-and-filtering",
                    minutes=15,
                    body=[
                        text(
                            """
                            <p>Selecting columns and filtering rows are the operations you will
                            use most. A filter is a <b>boolean mask</b>: a Series of True and
                            False values, one per row, used to keep the rows where it is
                            True.</p>
                            """
                        ),
                        code(
                            "python",
                            """
                            # Columns
                            deliveries[["order_id", "depot", "weight_kg"]]

                            # Rows that match a condition
                            heavy = deliveries[deliveries["weight_kg"] > 20]
                            leeds_late = deliveries[
                                (deliveries["depot"] == "Leeds") & (deliveries["status"] == "late")
                            ]

                            # Rows and columns together with .loc
                            deliveries.loc[deliveries["weight_kg"] > 20, ["order_id", "weight_kg"]]

                            # The same kind of filter written as a query
                            deliveries.query("depot == 'Leeds' and weight_kg > 20")

                            # Membership and text matching
                            deliveries[deliveries["depot"].isin(["Leeds", "York"])]
                            deliveries[deliveries["postcode"].str.startswith("LS", na=False)]
                            """,
                        ),
                        warning(
                            "Use & and |, with brackets",
                            """
                            <p>Combine conditions with <code>&amp;</code> (and),
                            <code>|</code> (or) and <code>~</code> (not), and put each condition
                            in brackets. Python's <code>and</code> and <code>or</code> raise
                            "The truth value of a Series is ambiguous".</p>
                            """,
                        ),
                        heading("Changing values in place"),
                        text(
                            """
                            <p>To change the rows that match a filter, use <code>.loc</code> on
                            the original DataFrame. Chained indexing such as
                            <code>deliveries[mask]["status"] = "late"</code> changes a temporary
                            copy, not your data.</p>
                            """
                        ),
                        code(
                            "python",
                            """
                            cutoff = deliveries["dispatched_at"] + pd.Timedelta(hours=48)
                            deliveries.loc[deliveries["delivered_at"] > cutoff, "status"] = "late"
                            """,
                        ),
                        tip(
                            "Positions or labels",
                            """
                            <p><code>.loc</code> selects by label and <code>.iloc</code> by
                            position: <code>deliveries.iloc[:10, :3]</code> is the first ten
                            rows of the first three columns, whatever they are called.</p>
                            """,
                        ),
                    ],
                ),
                LessonSpec(
                    title="Missing values and data types",
                    slug="missing-values-and-types",
                    minutes=20,
                    body=[
                        text(
                            """
                            <p>Real data arrives messy: weights typed by hand as
                            <code>"12,5kg"</code>, depots spelt three ways, blank cells. Clean
                            it deliberately and in one place, so that every later step can
                            trust it.</p>
                            """
                        ),
                        code(
                            "python",
                            """
                            # Weights typed by hand: "12.5", "12,5kg", "n/a"
                            deliveries["weight_kg"] = pd.to_numeric(
                                deliveries["weight_kg"]
                                .astype("string")
                                .str.replace(",", ".", regex=False)
                                .str.replace("kg", "", regex=False)
                                .str.strip(),
                                errors="coerce",  # anything unreadable becomes missing
                            )

                            # Tidy text before comparing or grouping on it
                            deliveries["depot"] = deliveries["depot"].str.strip().str.title()
                            deliveries["postcode"] = (
                                deliveries["postcode"]
                                .str.upper()
                                .str.replace(r"\\s+", " ", regex=True)
                                .str.strip()
                            )
                            """,
                            "Turning free text into numbers and consistent labels.",
                        ),
                        heading("Decide what missing means"),
                        code(
                            "python",
                            """
                            deliveries.isna().sum()  # count first, and write the numbers down

                            deliveries = deliveries.dropna(subset=["order_id"])  # unusable rows
                            deliveries["status"] = deliveries["status"].fillna("unknown")
                            deliveries["weight_kg"] = deliveries["weight_kg"].fillna(
                                deliveries["weight_kg"].median()
                            )

                            # Exact duplicate rows, then repeated orders (keep the latest export)
                            deliveries = deliveries.drop_duplicates()
                            deliveries = deliveries.drop_duplicates(subset="order_id", keep="last")
                            """,
                        ),
                        key_point(
                            "Missing is information",
                            """
                            <p>There is no single right way to treat missing values. Dropping
                            rows can bias results towards the depots that record data well;
                            filling with the median hides how much was missing. Make the choice
                            column by column, and state it next to your results.</p>
                            """,
                        ),
                        warning(
                            "A missing value is not equal to anything",
                            """
                            <p><code>deliveries[deliveries["status"] == None]</code> finds
                            nothing. Use <code>.isna()</code> and <code>.notna()</code> to test
                            for missing values.</p>
                            """,
                        ),
                    ],
                ),
                LessonSpec(
                    title="Deriving new columns",
                    slug="deriving-columns",
                    minutes=15,
                    body=[
                        text(
                            """
                            <p>Much of the value in an analysis comes from columns you
                            calculate: durations, flags, bands and categories. Build them with
                            vectorised operations so they stay fast on millions of rows.</p>
                            """
                        ),
                        code(
                            "python",
                            """
                            import numpy as np

                            deliveries = deliveries.assign(
                                transit_hours=(
                                    deliveries["delivered_at"] - deliveries["dispatched_at"]
                                ).dt.total_seconds() / 3600,
                                heavy=deliveries["weight_kg"] >= 20,
                            )
                            deliveries["on_time"] = deliveries["transit_hours"] <= 24

                            # Two-way choice
                            deliveries["service"] = np.where(
                                deliveries["heavy"], "freight", "parcel"
                            )

                            # Numeric bands: [0, 2), [2, 10), [10, 30), [30, ∞)
                            deliveries["weight_band"] = pd.cut(
                                deliveries["weight_kg"],
                                bins=[0, 2, 10, 30, np.inf],
                                labels=["small", "medium", "large", "oversize"],
                                right=False,
                            )

                            # Look-ups from a dictionary
                            regions = {
                                "Leeds": "Yorkshire",
                                "York": "Yorkshire",
                                "Manchester": "North West",
                            }
                            deliveries["region"] = deliveries["depot"].map(regions)
                            """,
                        ),
                        warning(
                            "map() leaves gaps",
                            """
                            <p>Any value missing from the dictionary becomes a missing value.
                            Check with <code>deliveries.loc[deliveries["region"].isna(),
                            "depot"].unique()</code> and extend the mapping, rather than
                            discovering the gap in a total that looks too low.</p>
                            """,
                        ),
                        tip(
                            "apply() is a last resort",
                            """
                            <p><code>deliveries.apply(some_function, axis=1)</code> calls a
                            Python function once per row. It is flexible but slow; reach for
                            <code>np.where</code>, <code>pd.cut</code>, <code>.map</code> or
                            the <code>.str</code> and <code>.dt</code> accessors first.</p>
                            """,
                        ),
                    ],
                ),
            ],
        ),
        ModuleSpec(
            title="Analysing and sharing results",
            slug="analysing-and-sharing",
            summary="Summarise with groupby and pivot tables, combine datasets safely, and "
            "publish results people can use.",
            lessons=[
                LessonSpec(
                    title="Grouping and aggregating",
                    slug="grouping-and-aggregating",
                    minutes=20,
                    body=[
                        text(
                            """
                            <p><code>groupby</code> splits the rows into groups, applies a
                            calculation to each, and combines the results into a new table.
                            Named aggregations give each result column a clear name.</p>
                            """
                        ),
                        code(
                            "python",
                            """
                            by_depot = (
                                deliveries.groupby("depot", observed=True)
                                .agg(
                                    parcels=("order_id", "count"),
                                    total_kg=("weight_kg", "sum"),
                                    on_time_rate=("on_time", "mean"),
                                    median_hours=("transit_hours", "median"),
                                )
                                .sort_values("on_time_rate")
                            )
                            by_depot["on_time_rate"] = (by_depot["on_time_rate"] * 100).round(1)
                            """,
                            "One row per depot, worst on-time rate first.",
                        ),
                        heading("Pivot tables"),
                        code(
                            "python",
                            """
                            deliveries["month"] = deliveries["dispatched_at"].dt.to_period("M")
                            parcels_by_month = deliveries.pivot_table(
                                index="depot",
                                columns="month",
                                values="order_id",
                                aggfunc="count",
                                fill_value=0,
                                observed=True,
                            )
                            """,
                            "Depots down the side, months across the top.",
                        ),
                        heading("Keeping every row: transform", level="h3"),
                        code(
                            "python",
                            """
                            depot_kg = deliveries.groupby("depot", observed=True)["weight_kg"]
                            deliveries["share_of_depot_kg"] = (
                                deliveries["weight_kg"] / depot_kg.transform("sum")
                            )
                            """,
                            "transform() returns one value per original row, aligned with it.",
                        ),
                        tip(
                            "observed=True",
                            """
                            <p>When you group by a categorical column, pass
                            <code>observed=True</code> so that categories with no rows are left
                            out. Older versions of pandas include them by default, which fills
                            results with empty groups.</p>
                            """,
                        ),
                        resource(
                            "https://pandas.pydata.org/docs/user_guide/groupby.html",
                            "pandas user guide: group by (split-apply-combine)",
                            "Aggregation, transformation and filtration in depth.",
                        ),
                    ],
                ),
                LessonSpec(
                    title="Combining datasets",
                    slug="combining-datasets",
                    minutes=15,
                    body=[
                        text(
                            """
                            <p>Analysis often needs data from more than one source: deliveries
                            from the tracking system, drivers from HR, targets from a
                            spreadsheet. <code>merge</code> joins tables on shared key columns,
                            like a SQL join; <code>concat</code> stacks tables with the same
                            columns.</p>
                            """
                        ),
                        code(
                            "python",
                            """
                            drivers = pd.read_csv("drivers.csv", dtype={"driver_id": "string"})

                            enriched = deliveries.merge(
                                drivers[["driver_id", "driver_name", "contract"]],
                                on="driver_id",
                                how="left",              # keep every delivery
                                validate="many_to_one",  # fail if a driver appears twice
                                indicator=True,          # adds a _merge column
                            )
                            enriched["_merge"].value_counts()
                            unmatched = enriched[enriched["_merge"] == "left_only"]
                            """,
                            "A left join that checks its own assumptions.",
                        ),
                        text(
                            """
                            <ul>
                            <li><b>inner</b>: only rows with a match on both sides</li>
                            <li><b>left</b>: every row from the left table, matched where
                            possible</li>
                            <li><b>outer</b>: every row from both tables</li>
                            </ul>
                            """
                        ),
                        warning(
                            "Check row counts after every join",
                            """
                            <p>If the key is repeated in the right-hand table, each matching
                            row is duplicated and totals are silently inflated. Compare
                            <code>len()</code> before and after, and use
                            <code>validate=</code> so that pandas raises a
                            <code>MergeError</code> instead.</p>
                            """,
                        ),
                        heading("Stacking monthly exports", level="h3"),
                        code(
                            "python",
                            """
                            from pathlib import Path

                            paths = sorted(Path("exports").glob("deliveries-2026-*.csv"))
                            deliveries = pd.concat(
                                (pd.read_csv(path, dtype={"order_id": "string"}) for path in paths),
                                ignore_index=True,
                            )
                            """,
                        ),
                    ],
                ),
                LessonSpec(
                    title="Presenting and sharing results",
                    slug="presenting-results",
                    minutes=15,
                    body=[
                        text(
                            """
                            <p>An analysis is only useful once someone can act on it. Export
                            tables to the formats your colleagues use, add a chart where it
                            makes the point faster than numbers, and make the whole thing
                            repeatable.</p>
                            """
                        ),
                        code(
                            "python",
                            """
                            by_depot.to_csv("on-time-by-depot.csv")

                            with pd.ExcelWriter("delivery-report-2026-11.xlsx") as writer:
                                by_depot.to_excel(writer, sheet_name="By depot")
                                parcels_by_month.to_excel(writer, sheet_name="By month")
                            """,
                            "Several tables in one workbook, one per sheet.",
                        ),
                        code(
                            "python",
                            """
                            import matplotlib.pyplot as plt

                            ax = by_depot["on_time_rate"].sort_values().plot.barh(
                                title="Deliveries within 24 hours, by depot"
                            )
                            ax.set_xlabel("% on time")
                            plt.tight_layout()
                            plt.savefig("on-time-by-depot.png", dpi=150)
                            """,
                            "A horizontal bar chart saved as an image.",
                        ),
                        heading("From notebook to script"),
                        code(
                            "python",
                            """
                            import sys
                            from pathlib import Path

                            import pandas as pd


                            def on_time_by_depot(source: Path) -> pd.DataFrame:
                                deliveries = pd.read_csv(
                                    source, parse_dates=["dispatched_at", "delivered_at"]
                                )
                                transit = deliveries["delivered_at"] - deliveries["dispatched_at"]
                                deliveries["on_time"] = transit <= pd.Timedelta(hours=24)
                                return deliveries.groupby("depot").agg(
                                    parcels=("order_id", "count"), on_time_rate=("on_time", "mean")
                                )


                            if __name__ == "__main__":
                                on_time_by_depot(Path(sys.argv[1])).to_csv(sys.argv[2])
                            """,
                            "Run with: python report.py deliveries.csv on-time-by-depot.csv",
                        ),
                        key_point(
                            "Check for personal data before you share",
                            """
                            <p>Delivery data names drivers and customers. Share totals rather
                            than rows where you can, leave out names and postcodes nobody needs,
                            and use only approved locations for files that do contain personal
                            data. The Data Protection Essentials course explains why.</p>
                            """,
                        ),
                        resource(
                            "https://pandas.pydata.org/docs/",
                            "pandas documentation",
                            "The user guide, API reference and release notes.",
                        ),
                        resource(
                            "https://docs.python.org/3/",
                            "Python 3 documentation",
                            "The language reference, standard library and tutorial.",
                        ),
                    ],
                ),
            ],
        ),
    ],
)

# Published after learner@northwind.example has started PY-201, so that the
# course gets a second version while they stay on the first.
PYTHON_LATER_LESSON = (
    "cleaning-and-transforming",
    LessonSpec(
        title="Working with dates and times",
        slug="dates-and-times",
        minutes=20,
        body=[
            text(
                """
                <p>Operational data is full of timestamps: dispatched, delivered, clocked in,
                logged. pandas stores them as <code>datetime64</code> columns, which you can
                compare, subtract, group by week or month, and convert between time zones.</p>
                """
            ),
            heading("Parsing dates"),
            code(
                "python",
                """
                deliveries["dispatched_at"] = pd.to_datetime(
                    deliveries["dispatched_at"], format="%d/%m/%Y %H:%M"
                )
                """,
                "Always give the format of dates written as text.",
            ),
            warning(
                "Day first or month first?",
                """
                <p>Without a format, a date such as <code>03/11/2026</code> may be read as
                11 March instead of 3 November. Pass <code>format=</code> (or at least
                <code>dayfirst=True</code>) for dates written the British way, and check a few
                rows after parsing.</p>
                """,
            ),
            heading("Parts of a date"),
            code(
                "python",
                """
                deliveries["dispatch_date"] = deliveries["dispatched_at"].dt.date
                deliveries["weekday"] = deliveries["dispatched_at"].dt.day_name()
                deliveries["hour"] = deliveries["dispatched_at"].dt.hour

                november = deliveries[
                    deliveries["dispatched_at"].between("2026-11-01", "2026-11-30 23:59:59")
                ]
                """,
                "The .dt accessor, and filtering on a date range.",
            ),
            heading("Counting by week or month"),
            code(
                "python",
                """
                weekly = deliveries.resample("W", on="dispatched_at")["order_id"].count()
                monthly_kg = deliveries.resample("MS", on="dispatched_at")["weight_kg"].sum()
                """,
                "'W' labels each week by the Sunday it ends on; 'MS' by the first of the month.",
            ),
            heading("Time zones", level="h3"),
            text(
                """
                <p>Systems often record times in UTC, while people read reports in UK time,
                which moves by an hour at the end of March and of October. Convert once, as
                soon as you load the data:</p>
                """
            ),
            code(
                "python",
                """
                deliveries["delivered_at"] = pd.to_datetime(
                    deliveries["delivered_at"], utc=True
                ).dt.tz_convert("Europe/London")

                # Times recorded in local time with no zone: say which zone they are in
                deliveries["dispatched_at"] = deliveries["dispatched_at"].dt.tz_localize(
                    "Europe/London", ambiguous="NaT", nonexistent="shift_forward"
                )
                """,
            ),
            tip(
                "Compare like with like",
                """
                <p>pandas refuses to compare or subtract a time-zone-aware column and a naive
                one. Make both aware (or both naive) before calculating durations such as
                <code>delivered_at - dispatched_at</code>.</p>
                """,
            ),
            resource(
                "https://pandas.pydata.org/docs/user_guide/timeseries.html",
                "pandas user guide: time series and date functionality",
                "Parsing, date offsets, resampling and time zones.",
            ),
        ],
    ),
)


# FB-110 Giving and Receiving Feedback -----------------------------------------------

FEEDBACK = CourseSpec(
    code="FB-110",
    title="Giving and Receiving Feedback",
    slug="giving-and-receiving-feedback",
    summary=(
        "Practical techniques for feedback that helps people improve: the Situation, Behaviour, "
        "Impact model, conversations that end in a clear next step, and how to hear difficult "
        "feedback without becoming defensive."
    ),
    description=(
        "<p>Most people want to know how they are doing, yet feedback is often avoided, "
        "delayed until an annual review, or delivered so vaguely that nothing changes. This "
        "course gives you a simple structure for feedback, and the habits that make it land "
        "well, whether you are praising good work or raising a problem.</p>"
        "<p>It is for anyone who works with other people, not only managers. The second half "
        "turns the tables: how to receive feedback, ask for it, and decide what to do with "
        "it.</p>"
    ),
    outcomes=[
        "Explain what makes feedback useful, and how it differs from criticism or general praise",
        "Prepare and give feedback using the Situation, Behaviour, Impact (SBI) model",
        "Run a feedback conversation that ends in an agreed next step",
        "Give feedback well on video calls and in writing",
        "Receive feedback calmly, ask clarifying questions and decide what to act on",
        "Ask colleagues for specific, useful feedback on your own work",
    ],
    course_type=CourseType.SOFT_SKILLS,
    difficulty=Difficulty.INTRODUCTORY,
    enrolment_mode=EnrolmentMode.OPEN,
    pass_score=70,
    skills=["Feedback", "Communication", "Coaching"],
    modules=[
        ModuleSpec(
            title="Feedback that helps",
            slug="feedback-that-helps",
            summary="What useful feedback is, a simple model for structuring it, and how to "
            "prepare.",
            lessons=[
                LessonSpec(
                    title="What makes feedback useful",
                    slug="what-makes-feedback-useful",
                    minutes=10,
                    body=[
                        text(
                            """
                            <p>Feedback is information about how someone's actions affected
                            others or the work, given so that they can keep doing what works
                            and change what does not. Useful feedback is:</p>
                            <ul>
                            <li><b>Specific</b>: about a particular moment, not "you are always
                            late" or "great job".</li>
                            <li><b>About behaviour</b>: what the person said or did, which they
                            can change, not their personality or motives.</li>
                            <li><b>Timely</b>: close enough to the event that both of you
                            remember it.</li>
                            <li><b>Well-intentioned</b>: given to help, not to win an argument
                            or let off steam.</li>
                            </ul>
                            """
                        ),
                        heading("Reinforcing and redirecting"),
                        text(
                            """
                            <p><b>Reinforcing</b> feedback tells someone what to keep doing;
                            <b>redirecting</b> feedback asks for a change. Both need the same
                            specificity. "Thanks for the handover note: listing the three
                            patients still waiting for results meant the night team started
                            with them first" teaches far more than "nice work".</p>
                            """
                        ),
                        key_point(
                            "Do not save it up",
                            """
                            <p>Feedback kept for an annual review arrives too late to be useful
                            and feels like an ambush. Small, frequent conversations are easier
                            to give and to hear.</p>
                            """,
                        ),
                        warning(
                            "The praise sandwich",
                            """
                            <p>Wrapping criticism between two compliments is widely taught but
                            rarely works: people learn to brace themselves whenever they are
                            praised, and the real message gets lost. Give praise and
                            redirection separately, each on its own merits.</p>
                            """,
                        ),
                    ],
                ),
                LessonSpec(
                    title="The Situation, Behaviour, Impact model",
                    slug="sbi-model",
                    minutes=15,
                    body=[
                        text(
                            """
                            <p>The Situation, Behaviour, Impact (SBI) model, developed by the
                            Center for Creative Leadership, keeps feedback factual and
                            specific. It has three parts.</p>
                            <ol>
                            <li><b>Situation</b>: when and where it happened. "In Tuesday's
                            planning meeting..."</li>
                            <li><b>Behaviour</b>: what the person actually said or did, as a
                            camera would have recorded it. "...you presented the new rota
                            before the team had seen the draft..."</li>
                            <li><b>Impact</b>: the effect it had on you, the team or the work.
                            "...and two people told me afterwards they felt it had been decided
                            without them."</li>
                            </ol>
                            """
                        ),
                        heading("Behaviour, not judgement"),
                        text(
                            """
                            <p>The hardest part is describing behaviour without judging it.
                            "You were rude" is a judgement the other person can simply deny.
                            "You looked at your phone while Amira was presenting" is an
                            observation you can both agree on.</p>
                            <ul>
                            <li>Judgement: "You don't care about deadlines." Behaviour: "The
                            report due on Friday arrived on Tuesday."</li>
                            <li>Judgement: "You were brilliant with that customer."
                            Behaviour: "You repeated her concern back to her before
                            explaining the delay."</li>
                            </ul>
                            """
                        ),
                        tip(
                            "Add an I for intent",
                            """
                            <p>After the impact, ask about the person's intent: "What were you
                            hoping for when you did that?" It turns a statement into a
                            conversation, and often reveals a reason you had not
                            considered.</p>
                            """,
                        ),
                    ],
                ),
                LessonSpec(
                    title="Preparing for a feedback conversation",
                    slug="preparing",
                    minutes=10,
                    body=[
                        text(
                            """
                            <p>A few minutes of preparation makes the conversation shorter,
                            calmer and more likely to lead to change.</p>
                            <ol>
                            <li><b>Check your intent.</b> What do you want to be different
                            afterwards? If the honest answer is "for them to feel bad", wait
                            until you have cooled down.</li>
                            <li><b>Get the facts straight.</b> Write down the situation,
                            behaviour and impact. If you only heard about it second-hand, say
                            so.</li>
                            <li><b>Choose the time and place.</b> Redirecting feedback is given
                            in private, soon after the event, when neither of you is about to
                            rush off.</li>
                            <li><b>Think about their side.</b> What might they not know? What
                            pressures are they under?</li>
                            <li><b>Know what you will ask.</b> Plan the question that hands the
                            conversation over to them.</li>
                            </ol>
                            """
                        ),
                        key_point(
                            "One point at a time",
                            """
                            <p>Choose the one or two things that matter most. A list of eight
                            problems overwhelms people and makes it hard for them to change
                            anything.</p>
                            """,
                        ),
                    ],
                ),
            ],
        ),
        ModuleSpec(
            title="Having the conversation",
            slug="having-the-conversation",
            summary="Opening, listening, handling emotion, and giving feedback on screen and "
            "in writing.",
            lessons=[
                LessonSpec(
                    title="Opening and structuring the conversation",
                    slug="structuring-the-conversation",
                    minutes=15,
                    body=[
                        heading("A simple shape"),
                        text(
                            """
                            <ol>
                            <li><b>Open plainly.</b> "Have you got ten minutes? I'd like to
                            talk about the handover this morning."</li>
                            <li><b>Give the SBI.</b> Situation, behaviour, impact, then
                            stop talking.</li>
                            <li><b>Ask and listen.</b> "How did it look from your side?"</li>
                            <li><b>Agree the next step together.</b> What will happen
                            differently, and how will you both know?</li>
                            <li><b>Follow up.</b> Notice when things change, and say so.</li>
                            </ol>
                            """
                        ),
                        tip(
                            "Let the silence work",
                            """
                            <p>After describing the impact, pause. Many people rush to fill the
                            silence by softening or repeating the message. Give the other
                            person time to think and respond.</p>
                            """,
                        ),
                        heading("An example"),
                        text(
                            """
                            <p><i>"In this morning's handover (situation) you gave the update
                            on bay 3 from memory and left out the two patients waiting for
                            blood results (behaviour). The day team didn't chase the results
                            until nearly eleven (impact). What happened from your point of
                            view?"</i></p>
                            <p>The conversation might uncover an interrupted handover, an
                            unclear template or simple tiredness, and each leads to a
                            different agreed action.</p>
                            """
                        ),
                        warning(
                            'Avoid "why did you...?"',
                            """
                            <p>"Why" questions tend to sound like accusations and invite
                            justification. "What happened?" or "What got in the way?" invite
                            explanation instead.</p>
                            """,
                        ),
                    ],
                ),
                LessonSpec(
                    title="Listening, questions and emotions",
                    slug="listening-and-emotions",
                    minutes=12,
                    body=[
                        text(
                            """
                            <p>Feedback is a conversation, not a speech. The person receiving it
                            usually knows things you do not, and they are more likely to act on
                            a plan they helped to shape.</p>
                            """
                        ),
                        heading("Questions that open things up"),
                        text(
                            """
                            <ul>
                            <li>"How did you see it?"</li>
                            <li>"What would help next time?"</li>
                            <li>"What could I do differently to support that?"</li>
                            <li>"What would you like to try?"</li>
                            </ul>
                            <p>Check you have understood by summarising in your own words: "So
                            the template didn't have space for pending results, and you ran out
                            of time to add them. Is that right?"</p>
                            """
                        ),
                        heading("When emotions run high"),
                        text(
                            """
                            <p>People may respond with anger, tears or silence. Acknowledge the
                            feeling without abandoning the message: "I can see this is
                            frustrating to hear. It's still important that we sort out the
                            handover." If either of you is too upset to think, agree a time to
                            continue, soon.</p>
                            """
                        ),
                        key_point(
                            "Your tone carries the message",
                            """
                            <p>The same words said calmly or in irritation are heard as two
                            different messages. If you cannot yet speak calmly, you are not
                            ready to give the feedback.</p>
                            """,
                        ),
                    ],
                ),
                LessonSpec(
                    title="Feedback on screen and in writing",
                    slug="remote-and-written-feedback",
                    minutes=10,
                    body=[
                        text(
                            """
                            <p>Hybrid working means more feedback happens on video calls and in
                            chat. The principles stay the same; the risks change.</p>
                            """
                        ),
                        heading("On video"),
                        text(
                            """
                            <ul>
                            <li>Turn cameras on for redirecting feedback, so you can both see
                            reactions.</li>
                            <li>Book a separate call rather than tagging it on to the end of a
                            team meeting.</li>
                            <li>Check in more explicitly: "How is this landing?" replaces the
                            cues you would pick up in the room.</li>
                            </ul>
                            """
                        ),
                        heading("In writing"),
                        text(
                            """
                            <p>Written praise is excellent: it is specific, lasting and easy to
                            share. Written criticism is easily misread, because the reader
                            supplies the tone, usually a harsher one than you intended. Raise
                            problems in conversation and use writing to confirm what you
                            agreed.</p>
                            """
                        ),
                        warning(
                            "Not in the team channel",
                            """
                            <p>Never give redirecting feedback in a group chat or on a shared
                            document where others can see it. Public correction embarrasses
                            people and makes them defend themselves rather than listen.</p>
                            """,
                        ),
                    ],
                ),
            ],
        ),
        ModuleSpec(
            title="Receiving feedback",
            slug="receiving-feedback",
            summary="Hearing feedback without becoming defensive, asking for it, and acting on it.",
            lessons=[
                LessonSpec(
                    title="Hearing feedback without becoming defensive",
                    slug="hearing-feedback",
                    minutes=12,
                    body=[
                        text(
                            """
                            <p>Even well-delivered feedback can sting. In <i>Thanks for the
                            Feedback</i>, Douglas Stone and Sheila Heen describe three triggers
                            that make us reject it:</p>
                            <ul>
                            <li><b>Truth triggers</b>: the feedback seems wrong or unfair.</li>
                            <li><b>Relationship triggers</b>: we react to who is giving it
                            ("what would <i>they</i> know?").</li>
                            <li><b>Identity triggers</b>: it threatens how we see ourselves,
                            and we feel overwhelmed.</li>
                            </ul>
                            <p>Noticing which trigger has fired is often enough to calm it down
                            and listen properly.</p>
                            """
                        ),
                        heading("In the moment"),
                        text(
                            """
                            <ol>
                            <li>Breathe, and listen to understand rather than to reply.</li>
                            <li>Ask for an example: "Can you tell me about a time you noticed
                            that?"</li>
                            <li>Summarise what you heard, to check.</li>
                            <li>Thank them: giving feedback takes effort and some courage.</li>
                            <li>You do not have to agree on the spot. "I'd like to think about
                            that" is a complete answer.</li>
                            </ol>
                            """
                        ),
                        tip(
                            "Look for the 10 per cent",
                            """
                            <p>Even when feedback feels mostly wrong, ask yourself which part
                            might be true. That part is usually the most useful.</p>
                            """,
                        ),
                    ],
                ),
                LessonSpec(
                    title="Asking for feedback",
                    slug="asking-for-feedback",
                    minutes=8,
                    body=[
                        text(
                            """
                            <p>Waiting for feedback means you get little of it, and late. Asking
                            for it shows that you want to improve and makes it easier for
                            colleagues to be honest.</p>
                            """
                        ),
                        heading("Ask specific questions"),
                        text(
                            """
                            <p>"Any feedback?" almost always gets "no, all fine". Specific,
                            forward-looking questions get real answers:</p>
                            <ul>
                            <li>"What's one thing I could do to make my handovers more useful
                            to you?"</li>
                            <li>"In the meeting just now, was there a point where I lost
                            people?"</li>
                            <li>"What should I keep doing in the way I run the weekly
                            huddle?"</li>
                            </ul>
                            """
                        ),
                        key_point(
                            "How you respond decides what you get next time",
                            """
                            <p>If you argue with the first honest answer, there will not be a
                            second. Thank people, and tell them later what you changed because
                            of what they said.</p>
                            """,
                        ),
                    ],
                ),
                LessonSpec(
                    title="Turning feedback into action",
                    slug="turning-feedback-into-action",
                    minutes=10,
                    body=[
                        text(
                            """
                            <p>Feedback only matters if something changes. Once you have
                            listened and thought about it, decide deliberately what to do.</p>
                            <ol>
                            <li><b>Sort it.</b> What do you agree with, what do you need to
                            test, and what will you set aside, and why?</li>
                            <li><b>Choose one or two changes.</b> Make each specific: "I will
                            send the agenda a day before every planning meeting", not "I will
                            communicate better".</li>
                            <li><b>Tell someone.</b> A colleague who knows what you are working
                            on can notice progress and remind you.</li>
                            <li><b>Check back.</b> After a few weeks, ask the person who gave
                            the feedback whether they have noticed a difference.</li>
                            </ol>
                            """
                        ),
                        tip(
                            "Keep a feedback log",
                            """
                            <p>A short running note of the feedback you receive, and what you
                            did about it, shows patterns over time and is invaluable when you
                            prepare for a review or an interview.</p>
                            """,
                        ),
                    ],
                ),
            ],
        ),
    ],
)


# LHT-150 Leading Hybrid Teams --------------------------------------------------------

HYBRID = CourseSpec(
    code="LHT-150",
    title="Leading Hybrid Teams",
    slug="leading-hybrid-teams",
    summary=(
        "Lead a team that is split between home, office and site: agree how you work together, "
        "run meetings that include everyone, and manage fairly by outcomes rather than "
        "presence."
    ),
    description=(
        "<p>Hybrid working gives people flexibility, but it also makes it easy for some team "
        "members to drift out of sight, and for decisions to happen in corridors that half the "
        "team never walks down. This course is for team leaders and managers who want their "
        "hybrid team to be fair, connected and productive.</p>"
        "<p>It builds on the feedback skills from Giving and Receiving Feedback, which you "
        "need to complete first.</p>"
    ),
    outcomes=[
        "Agree a team charter covering hours, channels, response times and meetings",
        "Run hybrid meetings in which remote and in-room participants contribute equally",
        "Choose between synchronous and asynchronous communication for a given task",
        "Set and review work by outcomes, and recognise proximity bias in your own decisions",
        "Hold effective one-to-ones and notice early signs of overload at a distance",
    ],
    course_type=CourseType.LEADERSHIP,
    difficulty=Difficulty.INTERMEDIATE,
    enrolment_mode=EnrolmentMode.OPEN,
    pass_score=70,
    skills=["Leadership", "Hybrid working", "Team management"],
    prerequisites=["FB-110"],
    modules=[
        ModuleSpec(
            title="Ways of working",
            slug="ways-of-working",
            summary="Agreeing how the team works, meetings that include everyone, and when to "
            "talk versus write.",
            lessons=[
                LessonSpec(
                    title="Agreeing a team charter",
                    slug="team-charter",
                    minutes=15,
                    body=[
                        text(
                            """
                            <p>In an office, many working norms are absorbed without anyone
                            stating them. In a hybrid team they have to be agreed explicitly,
                            or everyone works to their own assumptions. A <b>team charter</b>
                            is a short, shared agreement, written by the team, not handed down
                            to it.</p>
                            """
                        ),
                        heading("What to cover"),
                        text(
                            """
                            <ul>
                            <li><b>Core hours</b> when everyone can be reached, and how to show
                            when you are unavailable.</li>
                            <li><b>Anchor days</b>, if any, when the team is together in
                            person, and what those days are for.</li>
                            <li><b>Channels</b>: what goes in chat, email, the task board, or
                            needs a call.</li>
                            <li><b>Response times</b> expected for each channel.</li>
                            <li><b>Decisions</b>: where they are recorded so that people who
                            were absent can find them.</li>
                            </ul>
                            """
                        ),
                        tip(
                            "Review it every quarter",
                            """
                            <p>Put a review in the diary. Teams change, and a charter that
                            nobody follows is worse than none, because it teaches people that
                            agreements do not matter.</p>
                            """,
                        ),
                        key_point(
                            "Flexible working requests",
                            """
                            <p>Since April 2024, employees in Great Britain can request flexible
                            working from their first day, and may make two requests in any
                            twelve months; employers must respond within two months. Team
                            norms must not be used to sidestep that process: talk to HR about
                            individual requests.</p>
                            """,
                        ),
                    ],
                ),
                LessonSpec(
                    title="Meetings that work for everyone",
                    slug="hybrid-meetings",
                    minutes=12,
                    body=[
                        text(
                            """
                            <p>In hybrid meetings the people in the room tend to dominate: they
                            hear each other better, can read the room, and carry on talking
                            after the call ends. Remote participants become an audience.</p>
                            """
                        ),
                        heading("Practical habits"),
                        text(
                            """
                            <ul>
                            <li>Share an agenda and any papers beforehand, so that people can
                            prepare wherever they are.</li>
                            <li>Consider <b>"one remote, all remote"</b>: if anyone joins
                            online, everyone joins from their own device, even in the
                            office.</li>
                            <li>Go to remote participants first when asking for views.</li>
                            <li>Ask someone to watch the chat and raise hands, and rotate the
                            role.</li>
                            <li>Record decisions and actions in a shared place before the
                            meeting ends.</li>
                            </ul>
                            """
                        ),
                        warning(
                            "The meeting after the meeting",
                            """
                            <p>Decisions made in the corridor afterwards exclude everyone who
                            was not there. If a conversation continues in person, write it up
                            for the whole team.</p>
                            """,
                        ),
                    ],
                ),
                LessonSpec(
                    title="Choosing between synchronous and asynchronous",
                    slug="synchronous-and-asynchronous",
                    minutes=10,
                    body=[
                        text(
                            """
                            <p><b>Synchronous</b> communication happens at the same time:
                            meetings, calls, conversations. <b>Asynchronous</b> communication
                            lets people respond when suits them: documents, task boards,
                            recorded updates, most chat. Hybrid teams work best when they move
                            routine work to asynchronous channels and save time together for
                            what needs it.</p>
                            """
                        ),
                        heading("A rule of thumb"),
                        text(
                            """
                            <ul>
                            <li><b>Meet</b> for decisions with strong disagreement, sensitive
                            conversations, creative problem-solving and building
                            relationships.</li>
                            <li><b>Write</b> for status updates, information everyone needs,
                            proposals people should think about first, and anything that must be
                            findable later.</li>
                            </ul>
                            """
                        ),
                        tip(
                            "Write to be read later",
                            """
                            <p>Start with the conclusion or the request, give the context next,
                            and say by when you need a response. A message that can be
                            understood without a follow-up call saves everybody time.</p>
                            """,
                        ),
                    ],
                ),
            ],
        ),
        ModuleSpec(
            title="Leading people you do not always see",
            slug="leading-at-a-distance",
            summary="Managing by outcomes, one-to-ones and wellbeing, and keeping the team fair "
            "and connected.",
            lessons=[
                LessonSpec(
                    title="Managing outcomes, not presence",
                    slug="outcomes-not-presence",
                    minutes=12,
                    body=[
                        text(
                            """
                            <p>When you cannot see people working, it is tempting to manage
                            activity: who is online, who replies fastest. That measures
                            visibility, not contribution. Agree instead what each person is
                            responsible for delivering, by when, and to what standard.</p>
                            """
                        ),
                        heading("Proximity bias"),
                        text(
                            """
                            <p><b>Proximity bias</b> is the tendency to favour the people we
                            see most. It shows up in who gets the interesting project, who is
                            mentioned to senior leaders, and who is rated highly at review time.
                            Check your own decisions:</p>
                            <ul>
                            <li>Who did I last give a stretch opportunity to, and where do they
                            usually work?</li>
                            <li>Can I name a recent achievement for every person in the
                            team?</li>
                            <li>Am I judging this review on outcomes, or on how often I noticed
                            the person?</li>
                            </ul>
                            """
                        ),
                        key_point(
                            "Make work visible, not people",
                            """
                            <p>A shared task board or a weekly written update shows progress
                            wherever people are working, and removes the need to "be seen"
                            in the office.</p>
                            """,
                        ),
                    ],
                ),
                LessonSpec(
                    title="One-to-ones and wellbeing at a distance",
                    slug="one-to-ones-and-wellbeing",
                    minutes=12,
                    body=[
                        text(
                            """
                            <p>Regular one-to-ones matter more when you do not share a room. Keep
                            them, even when busy: cancelling them repeatedly tells people they
                            are not a priority. Let the team member own the agenda, and use the
                            time for support and development rather than status updates.</p>
                            """
                        ),
                        heading("Noticing when someone is struggling"),
                        text(
                            """
                            <p>At a distance the usual cues are missing. Watch for changes
                            rather than absolute levels:</p>
                            <ul>
                            <li>messages sent late at night or at weekends</li>
                            <li>a person who was talkative becoming quiet in meetings</li>
                            <li>deadlines slipping for someone who is usually reliable</li>
                            <li>camera always off when it used to be on</li>
                            </ul>
                            <p>Ask openly and privately, "How are you finding things at the
                            moment?", and know where to point people: your employee assistance
                            programme, occupational health, or HR.</p>
                            """
                        ),
                        tip(
                            "Model the behaviour you want",
                            """
                            <p>If you send emails at eleven at night, your team will think they
                            should answer them. Schedule messages for working hours and take
                            your own breaks visibly.</p>
                            """,
                        ),
                    ],
                ),
                LessonSpec(
                    title="Fairness, inclusion and connection",
                    slug="fairness-and-connection",
                    minutes=10,
                    body=[
                        text(
                            """
                            <p>Hybrid teams risk splitting into an office group and a remote
                            group, with different information and different opportunities.
                            Connection has to be designed in.</p>
                            <ul>
                            <li><b>Onboard deliberately</b>: give new starters a buddy, plan
                            their first weeks, and make sure some early days are spent with the
                            team in person.</li>
                            <li><b>Recognise publicly and specifically</b>, using the feedback
                            skills from FB-110, so that remote contributions are seen.</li>
                            <li><b>Rotate the inconvenient</b>: meeting times that suit one
                            location, travel to the office, out-of-hours cover.</li>
                            <li><b>Use time together well</b>: anchor days for collaboration
                            and relationships, not for sitting on video calls at separate
                            desks.</li>
                            </ul>
                            """
                        ),
                        key_point(
                            "Ask the team",
                            """
                            <p>The quickest way to find out whether your hybrid arrangements
                            are fair is to ask, anonymously if necessary, and act visibly on
                            what you hear.</p>
                            """,
                        ),
                    ],
                ),
            ],
        ),
    ],
)

# In build order: a course's prerequisites come before it.
COURSES = [DATA_PROTECTION, PYTHON, FEEDBACK, HYBRID]
