"""
Text for generated benchmark courses: titles, summaries and lesson bodies of a
realistic length (about 600 words, three headings, two callouts). Plain Python
with no Django import, so Lectern's data set (bench/data_courses.py) and the
peer's (bench/peer_wagtail_lms.py) give their lessons the same words.
"""

import random
from dataclasses import dataclass

SUBJECTS = [
    "Manual Handling",
    "Fire Safety",
    "Data Protection",
    "Information Security",
    "Customer Service",
    "Project Planning",
    "Python Programming",
    "Spreadsheet Modelling",
    "Negotiation",
    "Coaching Conversations",
    "First Aid at Work",
    "Food Hygiene",
    "Risk Assessment",
    "Equality and Diversity",
    "Anti-Bribery",
    "Leading Remote Teams",
    "SQL for Analysts",
    "Cloud Fundamentals",
    "Presentation Skills",
    "Time Management",
    "Workplace Ergonomics",
    "Safeguarding Adults",
    "Accessibility on the Web",
    "Incident Response",
    "Budgeting Basics",
]
QUALIFIERS = [
    "Essentials",
    "in Practice",
    "for Managers",
    "Refresher",
    "Foundations",
    "Advanced Topics",
    "for New Starters",
    "Masterclass",
    "Toolkit",
    "Deep Dive",
    "for Team Leads",
    "Step by Step",
]
TOPICS = [
    "the basics",
    "common mistakes",
    "planning ahead",
    "working with others",
    "checking your work",
    "what the law says",
    "tools of the trade",
    "when things go wrong",
    "a worked example",
    "making it stick",
    "measuring results",
    "next steps",
]
WORDS = [
    "team",
    "process",
    "record",
    "risk",
    "policy",
    "review",
    "customer",
    "report",
    "check",
    "plan",
    "step",
    "colleague",
    "manager",
    "system",
    "evidence",
    "decision",
    "outcome",
    "practice",
    "standard",
    "task",
    "procedure",
    "question",
    "answer",
    "example",
    "change",
    "support",
    "request",
    "deadline",
    "quality",
]
SENTENCES = [
    "Before you start, make sure the {a} is agreed with your {b}.",
    "A good {a} makes the {b} easier to follow for everyone involved.",
    "Most problems with the {a} come from skipping the {b} at the start.",
    "Write down the {a} so that the next {b} can pick it up without asking.",
    "If the {a} changes, tell your {b} straight away and note why.",
    "The {a} should be short, specific and tied to a clear {b}.",
    "Ask a {a} to look at the {b} before it goes any further.",
    "Keep the {a} and the {b} in one place where people can find them.",
    "A {a} without a {b} is hard to check and harder to improve.",
    "Review the {a} after each {b} and keep what worked.",
]
SKILLS = [
    "Communication",
    "Compliance",
    "Data analysis",
    "Leadership",
    "Problem solving",
    "Safety",
    "Security awareness",
    "Teamwork",
    "Time management",
    "Writing",
    "Coaching",
    "Planning",
    "Customer focus",
    "Digital skills",
    "Negotiation",
    "Presenting",
    "Risk management",
    "Budgeting",
    "Programming",
    "Accessibility",
]


@dataclass(frozen=True)
class Block:
    """One piece of a lesson: a heading, HTML text, or a callout (kind, title, HTML)."""

    kind: str  # heading, text, callout
    text: str
    title: str = ""
    callout_kind: str = ""


def paragraph(rng, sentences=6):
    words = [
        rng.choice(SENTENCES).format(a=rng.choice(WORDS), b=rng.choice(WORDS))
        for _ in range(sentences)
    ]
    return "<p>" + " ".join(words) + "</p>"


def course_title(index):
    subject = SUBJECTS[index % len(SUBJECTS)]
    qualifier = QUALIFIERS[(index // len(SUBJECTS)) % len(QUALIFIERS)]
    return f"{subject} {qualifier}"


def course_summary(rng, title):
    return (
        f"{title}: a practical course with short lessons, worked examples and "
        f"checklists you can use at work. {paragraph(rng, 1)[3:-4]}"
    )


def course_description(rng):
    return paragraph(rng, 5) + paragraph(rng, 4)


def course_outcomes(rng):
    return "\n".join(
        f"Explain the {rng.choice(WORDS)} and the {rng.choice(WORDS)} it depends on"
        for _ in range(4)
    )


def module_title(index):
    return f"Part {index + 1}: {TOPICS[index % len(TOPICS)].capitalize()}"


def lesson_title(module_index, lesson_index):
    topic = TOPICS[(module_index * 6 + lesson_index) % len(TOPICS)]
    return f"Lesson {module_index + 1}.{lesson_index + 1}: {topic.capitalize()}"


def lesson_rng(course_index, lesson_index):
    """
    A lesson's own random source, so a lesson has the same words in Lectern's
    data set and the peer's whatever else each generator draws.
    """
    return random.Random(f"lesson-{course_index}-{lesson_index}")


def lesson_blocks(rng, title):
    """About 600 words: heading, text, tip, heading, text with a list, key point."""
    items = "".join(f"<li>Check the {rng.choice(WORDS)}.</li>" for _ in range(4))
    return [
        Block("heading", f"Why {title.split(': ', 1)[-1].lower()} matters"),
        Block("text", paragraph(rng) + paragraph(rng) + paragraph(rng, 4)),
        Block("callout", paragraph(rng, 2), title="Tip", callout_kind="tip"),
        Block("heading", "How to do it"),
        Block(
            "text",
            paragraph(rng)
            + f"<ul>{items}</ul>"
            + paragraph(rng, 5)
            + '<p>See <a href="https://www.example.com/guide">the guide</a> for more.</p>',
        ),
        Block("callout", paragraph(rng, 2), title="Key point", callout_kind="key"),
    ]


def lesson_minutes(rng):
    return rng.choice([5, 8, 10, 12, 15, 20])


def enrolment_plan(rng, *, learners, courses, lessons_per_course):
    """
    Who is enrolled in which course and how far they got, the same for Lectern
    and the peer. Yields (learner_index, course_index, lessons_done, completed):
    every learner in two or three courses, popular courses first (a Zipf-like
    spread, so the first course has the most learners), 8 % completed, the rest
    somewhere in the first half. Learner 0 is the measured learner: course 0,
    half of it done.
    """
    weights = [1 / (rank + 1) ** 0.8 for rank in range(courses)]
    population = list(range(courses))
    for learner in range(learners):
        if learner == 0:
            chosen = [0, 1, 2]
        else:
            chosen = []
            wanted = rng.choice([2, 2, 3])
            while len(chosen) < wanted:
                course = rng.choices(population, weights)[0]
                if course not in chosen:
                    chosen.append(course)
        for position, course in enumerate(chosen):
            if learner == 0 and position == 0:
                done, completed = lessons_per_course // 2, False
            elif rng.random() < 0.08:
                done, completed = lessons_per_course, True
            else:
                done, completed = rng.randint(0, lessons_per_course // 2), False
            yield learner, course, done, completed
