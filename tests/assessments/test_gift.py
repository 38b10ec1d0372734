"""Reading and writing Moodle's GIFT format (no database)."""

import random
from decimal import Decimal

import pytest

from lms.assessments.gift import (
    BLANK,
    ESSAY,
    MATCHING,
    MULTIPLE,
    NUMERICAL,
    SHORT_ANSWER,
    SINGLE,
    TRUE_FALSE,
    GiftError,
    ParsedChoice,
    ParsedPair,
    ParsedQuestion,
    correct_answers,
    parse_gift,
    write_gift,
)

# The examples of Moodle's GIFT documentation, as an author would paste them.
MOODLE_EXAMPLES = """\
// true/false
::Q1:: 1+1=2 {T}

// multiple choice with specified feedback for right and wrong answers
::Q2:: What's between orange and green in the spectrum?
{ =yellow # right; good! ~red # wrong, it's yellow ~blue # wrong, it's yellow }

// fill-in-the-blank
::Q3:: Two plus {=two =2} equals four.

// matching
::Q4:: Which animal eats which food? { =cat -> cat food =dog -> dog food }

// math range question
::Q5:: What is a number from 1 to 5? {#3:2}

// math range specified with interval end points
::Q6:: What is a number from 1 to 5? {#1..5}
// translated on import to the same as Q5, but unavailable from Moodle question interface

// multiple numeric answers with partial credit and feedback
::Q7:: When was Ulysses S. Grant born? {#
    =1822:0      # Correct! Full credit.
    =%50%1822:2  # He was born in 1822. Half credit for being close.
}

// essay
::Q8:: How are you? {}
"""


def parse_one(text):
    questions, errors = parse_gift(text)
    assert errors == [], errors
    (question,) = questions
    return question


def parse_error(text):
    questions, errors = parse_gift(text)
    assert questions == []
    (error,) = errors
    return error


def credits(question):
    return [choice.credit for choice in question.choices]


# Moodle's documented examples ----------------------------------------------


def test_moodle_documentation_examples_give_one_question_each_with_its_type():
    questions, errors = parse_gift(MOODLE_EXAMPLES)

    assert errors == []
    assert [(q.line, q.name, q.type) for q in questions] == [
        (2, "Q1", TRUE_FALSE),
        (5, "Q2", SINGLE),
        (9, "Q3", SHORT_ANSWER),
        (12, "Q4", MATCHING),
        (15, "Q5", NUMERICAL),
        (18, "Q6", NUMERICAL),
        (22, "Q7", NUMERICAL),
        (28, "Q8", ESSAY),
    ]
    q2 = questions[1]
    assert q2.text == "<p>What's between orange and green in the spectrum?</p>"
    assert q2.choices == [
        ParsedChoice("yellow", Decimal(100), "right; good!"),
        ParsedChoice("red", Decimal(0), "wrong, it's yellow"),
        ParsedChoice("blue", Decimal(0), "wrong, it's yellow"),
    ]
    assert questions[2].text == f"<p>Two plus {BLANK} equals four.</p>"
    assert [c.text for c in questions[2].choices] == ["two", "2"]
    # Q5 and Q6 are the same range written two ways.
    assert (questions[4].choices[0].low, questions[4].choices[0].high) == (1, 5)
    assert (questions[5].choices[0].low, questions[5].choices[0].high) == (1, 5)


# Choice questions -----------------------------------------------------------


def test_single_choice_marks_the_equals_answer_correct():
    question = parse_one("Who's buried in Grant's tomb?{~Grant ~Jefferson =no one}")

    assert question.type == SINGLE
    assert question.name == "Who's buried in Grant's tomb?"
    assert [c.text for c in question.choices] == ["Grant", "Jefferson", "no one"]
    assert credits(question) == [0, 0, 100]


def test_answers_before_closing_text_become_a_blank_in_the_question():
    question = parse_one("Grant is {~buried =entombed ~living} in Grant's tomb.")

    assert question.text == "<p>Grant is _____ in Grant's tomb.</p>"
    assert credits(question) == [0, 100, 0]


def test_answers_may_be_written_on_separate_indented_lines():
    question = parse_one(
        "The American holiday of Thanksgiving is celebrated on the {\n"
        "    ~second\n"
        "    ~third\n"
        "    =fourth\n"
        "} Thursday of November."
    )

    assert question.text == (
        "<p>The American holiday of Thanksgiving is celebrated on the _____ "
        "Thursday of November.</p>"
    )
    assert [c.text for c in question.choices] == ["second", "third", "fourth"]


def test_single_choice_may_give_partial_credit_to_a_wrong_answer():
    question = parse_one("Capital of Australia?{=Canberra ~%50%Sydney#Largest city ~Perth}")

    assert question.type == SINGLE
    assert credits(question) == [100, 50, 0]
    assert question.choices[1].feedback == "Largest city"


def test_weights_on_several_answers_make_a_multiple_answer_question():
    question = parse_one(
        "What two people are entombed in Grant's tomb? {\n"
        "   ~%-100%No one\n"
        "   ~%50%Grant\n"
        "   ~%50%Grant's wife\n"
        "   ~%-100%Grant's father\n"
        "}"
    )

    assert question.type == MULTIPLE
    assert credits(question) == [-100, 50, 50, -100]


def test_thirds_may_add_up_to_a_hair_under_one_hundred():
    question = parse_one("Pick the primes {~%33.33333%2 ~%33.33333%3 ~%33.33333%5 ~%-100%4}")

    assert question.type == MULTIPLE
    assert question.choices[0].credit == Decimal("33.33333")


def test_equals_with_a_weight_is_a_weight_not_the_single_right_answer():
    question = parse_one("Pick two {=%50%a =%50%b ~%-50%c}")

    assert question.type == MULTIPLE
    assert credits(question) == [50, 50, -50]


# True/false -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "true_credit"),
    [("T", 100), ("TRUE", 100), ("F", 0), ("FALSE", 0), ("true", 100), ("f", 0)],
)
def test_true_false_answers_give_two_choices(answer, true_credit):
    question = parse_one(f"Grant was buried in a tomb in New York City.{{{answer}}}")

    assert question.type == TRUE_FALSE
    assert [(c.text, c.credit) for c in question.choices] == [
        ("True", true_credit),
        ("False", 100 - true_credit),
    ]


def test_true_false_feedback_is_first_for_the_wrong_answer_then_for_the_right_one():
    question = parse_one(
        "The sun rises in the West.{FALSE#No, it rises in the East.#Correct: East.}"
    )

    true, false = question.choices
    assert (true.credit, true.feedback) == (0, "No, it rises in the East.")
    assert (false.credit, false.feedback) == (100, "Correct: East.")


# Short answer ---------------------------------------------------------------


def test_short_answer_accepts_every_equals_answer_with_its_weight_and_feedback():
    question = parse_one(
        "Who's buried in Grant's tomb?{=Grant =Ulysses S. Grant =%50%Ulysses Grant#Half marks}"
    )

    assert question.type == SHORT_ANSWER
    assert question.choices == [
        ParsedChoice("Grant", Decimal(100)),
        ParsedChoice("Ulysses S. Grant", Decimal(100)),
        ParsedChoice("Ulysses Grant", Decimal(50), "Half marks"),
    ]


def test_a_single_equals_answer_is_a_short_answer():
    question = parse_one("Two plus two equals {=four}.")

    assert question.type == SHORT_ANSWER
    assert question.text == "<p>Two plus two equals _____.</p>"


def test_short_answers_stay_plain_text_because_they_are_compared_not_rendered():
    question = parse_one("Which tag starts a page?{=<html> =[plain]<HTML>}")

    assert [c.text for c in question.choices] == ["<html>", "<HTML>"]


# Numerical ------------------------------------------------------------------


def test_numerical_answer_with_tolerance_becomes_a_range():
    question = parse_one("What is the value of pi (to 3 decimal places)? {#3.14159:0.0005}")

    assert question.type == NUMERICAL
    (choice,) = question.choices
    assert (choice.low, choice.high, choice.credit) == (
        Decimal("3.14109"),
        Decimal("3.14209"),
        100,
    )
    assert choice.text == "3.14109..3.14209"


def test_numerical_exact_answer_and_negative_numbers():
    question = parse_one("Absolute zero in Celsius, whole degrees?{#-273}")

    (choice,) = question.choices
    assert (choice.low, choice.high, choice.text) == (-273, -273, "-273")


def test_numerical_answers_with_weights_and_feedback_for_any_other_answer():
    question = parse_one(
        "When was Ulysses S. Grant born?{#\n"
        "    =1822:0      # Correct!\n"
        "    =%50%1822:2  # Close.\n"
        "    ~#Not even close.\n"
        "####Grant was born on 27 April 1822.}"
    )

    assert [(c.text, c.credit, c.feedback) for c in question.choices] == [
        ("1822", 100, "Correct!"),
        ("1820..1824", 50, "Close."),
        ("*", 0, "Not even close."),
    ]
    assert question.choices[2].low is None
    assert question.general_feedback == "<p>Grant was born on 27 April 1822.</p>"


# Matching -------------------------------------------------------------------


def test_matching_pairs_and_an_extra_answer_without_a_prompt():
    question = parse_one(
        "Match the following countries with their corresponding capitals. {\n"
        "    =Canada -> Ottawa\n"
        "    =Italy  -> Rome\n"
        "    =Japan  -> Tokyo\n"
        "    =-> Canberra\n"
        "}"
    )

    assert question.type == MATCHING
    assert question.pairs == [
        ParsedPair("Canada", "Ottawa"),
        ParsedPair("Italy", "Rome"),
        ParsedPair("Japan", "Tokyo"),
        ParsedPair("", "Canberra"),
    ]
    assert question.choices == []


# Essay ------------------------------------------------------------------------


def test_empty_braces_make_an_essay_and_may_hold_general_feedback():
    essay = parse_one("::Reflection::Describe a time you changed your mind.{}")
    with_feedback = parse_one("Why?{####Mention at least two causes.}")

    assert (essay.type, essay.choices, essay.pairs) == (ESSAY, [], [])
    assert with_feedback.type == ESSAY
    assert with_feedback.general_feedback == "<p>Mention at least two causes.</p>"


# Titles, categories, comments, layout ------------------------------------------


def test_title_names_the_question_and_otherwise_the_text_does():
    named = parse_one("::Capitals 01::What is the capital of France?{=Paris ~Lyon}")
    long_text = "Which of the following statements " * 5 + "is true?"
    unnamed = parse_one(long_text + "{T}")

    assert named.name == "Capitals 01"
    assert named.text == "<p>What is the capital of France?</p>"
    assert len(unnamed.name) == 80
    assert unnamed.name.startswith("Which of the following statements Which")
    assert unnamed.name.endswith("…")


def test_category_applies_to_the_questions_after_it_until_the_next():
    questions, _errors = parse_gift(
        "Before any category{T}\n"
        "\n"
        "$CATEGORY: $course$/top/Geography\n"
        "\n"
        "::A::Paris is in France{T}\n"
        "\n"
        "::B::Rome is in Spain{F}\n"
        "\n"
        "$CATEGORY: $course$/top/Geography/Capitals\n"
        "::C::Capital of Japan?{=Tokyo}\n"
    )

    assert [(q.name, q.category) for q in questions] == [
        ("Before any category", ""),
        ("A", "$course$/top/Geography"),
        ("B", "$course$/top/Geography"),
        ("C", "$course$/top/Geography/Capitals"),
    ]
    assert questions[3].line == 10


def test_comment_lines_are_ignored_anywhere_but_slashes_in_text_are_kept():
    questions, errors = parse_gift(
        "// A file of two questions\n"
        "// and a comment-only block\n"
        "\n"
        "// about the next question\n"
        "::Link::See http://example.com // not a comment {\n"
        "// the right answer comes first\n"
        "  =yes\n"
        "  ~no\n"
        "}\n"
    )

    assert errors == []
    (question,) = questions
    assert question.line == 5
    assert question.text == "<p>See http://example.com // not a comment</p>"
    assert [c.text for c in question.choices] == ["yes", "no"]


def test_multiline_question_text_keeps_its_line_breaks():
    question = parse_one("::Poem::Complete the line:\nRoses are red,\nviolets are {=blue ~green}.")

    assert question.text == "<p>Complete the line:<br>Roses are red,<br>violets are _____.</p>"


def test_windows_line_endings_and_a_byte_order_mark_are_read():
    questions, errors = parse_gift("\ufeff::A::One{T}\r\n\r\n::B::Two{F}\r\n")

    assert errors == []
    assert [(q.name, q.line) for q in questions] == [("A", 1), ("B", 3)]


def test_escaped_special_characters_are_literal():
    question = parse_one(
        "::Set \\: braces::Which is a set in \\{ \\} notation?{"
        "=\\{1, 2\\} # the braces \\# matter ~1 \\= 2 ~a\\~b ~C:\\\\Windows}"
    )

    assert question.name == "Set : braces"
    assert question.text == "<p>Which is a set in { } notation?</p>"
    assert [(c.text, c.feedback) for c in question.choices] == [
        ("{1, 2}", "the braces # matter"),
        ("1 = 2", ""),
        ("a~b", ""),
        ("C:\\Windows", ""),
    ]


def test_backslash_n_is_a_line_break_and_other_backslashes_stay():
    question = parse_one("First line\\nSecond line with \\frac{T}".replace("{T}", "\\{x\\}{T}"))

    assert question.text == "<p>First line<br>Second line with \\frac{x}</p>"


# Text formats and sanitising ---------------------------------------------------


def test_html_text_keeps_allowed_tags_and_links():
    question = parse_one(
        '[html]<p>Is <strong>H<sub>2</sub>O</strong> <a href="https\\://example.com/w">water</a>'
        '? Mail <a href="mailto\\:t@example.com">us</a>.</p>{T}'
    )

    assert question.text == (
        '<p>Is <strong>H<sub>2</sub>O</strong> <a href="https://example.com/w" '
        'rel="noopener noreferrer">water</a>? Mail <a href="mailto:t@example.com" '
        'rel="noopener noreferrer">us</a>.</p>'
    )


def test_scripts_event_handlers_and_javascript_links_do_not_survive():
    question = parse_one(
        '::XSS::[html]<p onclick="steal()">Pick<script>alert(1)</script>'
        '<img src\\=x onerror\\=alert(2)><a href\\="javascript\\:alert(3)">here</a>'
        '<a href\\="/admin/">there</a><style>p\\{\\}</style><iframe src\\=x></iframe></p>'
        '{=<b onmouseover\\="x()">yes</b>#<script>bad()</script>ok'
        ' ~<a href\\="JaVaScRiPt\\:x()">no</a>'
        "####<svg onload\\=alert(4)>done</svg>}"
    )

    everything = " ".join(
        [question.text, question.general_feedback]
        + [c.text for c in question.choices]
        + [c.feedback for c in question.choices]
    ).lower()
    for dangerous in ("<script", "onclick", "onerror", "onmouseover", "onload", "javascript"):
        assert dangerous not in everything
    assert "alert" not in everything
    assert question.text == (
        '<p>Pick<a rel="noopener noreferrer">here</a><a rel="noopener noreferrer">there</a></p>'
    )
    assert question.choices[0].text == "<b>yes</b>"
    assert question.choices[0].feedback == "ok"
    assert question.general_feedback == "done"


def test_moodle_format_text_is_escaped_not_rendered():
    question = parse_one("Is <b>this</b> & <script>alert(1)</script> bold?{~yes =<i>no</i>}")

    assert question.text == (
        "<p>Is &lt;b&gt;this&lt;/b&gt; &amp; &lt;script&gt;alert(1)&lt;/script&gt; bold?</p>"
    )
    assert question.choices[1].text == "&lt;i&gt;no&lt;/i&gt;"


@pytest.mark.parametrize("text_format", ["plain", "moodle", "markdown"])
def test_non_html_formats_are_escaped_with_paragraphs_from_blank_lines(text_format):
    question = parse_one(f"[{text_format}]**One** <u>line</u>\\n\\nTwo\\nthree{{T}}")

    assert question.text == ("<p>**One** &lt;u&gt;line&lt;/u&gt;</p><p>Two<br>three</p>")


def test_answers_and_feedback_default_to_the_question_text_format_and_may_override_it():
    question = parse_one(
        "[html]<p>Pick</p>{=<em>yes</em>#<b>good</b> ~[plain]<em>no</em>#[plain]<b>bad</b>}"
    )

    assert [(c.text, c.feedback) for c in question.choices] == [
        ("<em>yes</em>", "<b>good</b>"),
        ("&lt;em&gt;no&lt;/em&gt;", "&lt;b&gt;bad&lt;/b&gt;"),
    ]


def test_matching_prompts_are_sanitised_html_and_answers_plain():
    question = parse_one(
        "[html]Match{=<b onclick\\='x'>H</b> -> Hydrogen =<script>x</script>O -> Oxygen}"
    )

    assert question.pairs == [ParsedPair("<b>H</b>", "Hydrogen"), ParsedPair("O", "Oxygen")]


# Errors -------------------------------------------------------------------------


def test_error_reports_the_line_of_the_bad_answer_and_the_question_source():
    error = parse_error("// header\n\n::Pi::What is pi?{#\n   =3.14:0.01\n   =%50%abc\n}")

    assert error == GiftError(
        5,
        "numerical answer 'abc' is not a number",
        "::Pi::What is pi?{#\n   =3.14:0.01\n   =%50%abc\n}",
    )
    assert str(error) == "line 5: numerical answer 'abc' is not a number"


@pytest.mark.parametrize(
    ("gift", "line", "reason"),
    [
        ("::Q::What?\n{=a ~b", 2, "missing closing '}'"),
        ("::Q::What?\n=a ~b}", 2, "missing opening '{' before this '}'"),
        ("What?{=a ~b} and {=c ~d}", 1, "a question has one answer block"),
        ("What?{=a {~b}", 1, "'{' inside an answer block must be written '\\{'"),
        ("Just some words\nabout the next section.", 1, "description items are not questions"),
        ("::Unclosed title What?{T}", 1, "the question title has no closing '::'"),
        ("::Only a title::{T}", 1, "the question text is empty"),
        ("What?{\n~a\n~b\n}", 1, "no correct answer"),
        ("What?{\n~%50%a\n~%40%b\n~c\n}", 1, "add up to 90%, not 100%"),
        ("What?{\n=a\n~%half%b\n}", 3, "weight '%half%' is not a number"),
        ("What?{\n=a\n~%150%b\n}", 3, "weight 150% is outside -100%..100%"),
        ("What?{=a =%-50%b}", 1, "weight -50% is outside 0%..100%"),
        ("What?{=%50%a =%50%b}", 1, "no correct answer"),
        ("What?{stray =a ~b}", 1, "answer 'stray' has no '=' or '~' in front of it"),
        ("What?{banana}", 1, "answer 'banana' has no '=' or '~' in front of it"),
        ("What?{~a}", 1, "a choice question needs at least two answers"),
        ("What?{\n=a\n~ #feedback only\n}", 3, "an answer is empty"),
        ("What?{#}", 1, "a numerical question needs at least one answer"),
        ("What?{#3:x}", 1, "tolerance 'x' is not a number"),
        ("What?{#3:-1}", 1, "tolerance '-1' cannot be negative"),
        ("What?{#5..1}", 1, "range '5..1' starts above where it ends"),
        ("What?{#1..z}", 1, "range '1..z' is not two numbers around '..'"),
        ("What?{#NaN}", 1, "numerical answer 'NaN' is not a number"),
        ("What?{#=%50%3}", 1, "no correct answer"),
        ("What?{#3 ~wrong}", 1, "'~' only gives feedback for any other answer"),
        ("Match{=a -> 1 =b}", 1, "matching item 'b' has no '->'"),
        ("Match{=a -> 1 =b ->}", 1, "matching item 'b ->' has nothing after '->'"),
        ("Match{=a -> 1 =-> 2}", 1, "matching needs at least two pairs"),
    ],
)
def test_each_reason_a_question_is_refused(gift, line, reason):
    error = parse_error(gift)

    assert reason in error.reason
    assert error.line == line


def test_a_bad_question_does_not_stop_the_ones_after_it():
    questions, errors = parse_gift(
        "::A::Good{T}\n\n::B::Bad{#abc}\n\n::C::Also good{=x ~y}\n\nA description.\n"
    )

    assert [q.name for q in questions] == ["A", "C"]
    assert [(e.line, e.reason) for e in errors] == [
        (3, "numerical answer 'abc' is not a number"),
        (7, "description items are not questions (there is no answer block)"),
    ]


def test_long_sources_are_shortened_in_errors():
    error = parse_error("Q" * 500 + "{")

    assert len(error.source) == 200
    assert error.source.endswith("…")


def test_random_input_never_raises():
    alphabet = "ab1.:-%#=~{}->\\ \n\n[]html$CATEGORY//TF"
    generator = random.Random(5)
    for _round in range(2000):
        text = "".join(generator.choice(alphabet) for _ in range(generator.randint(0, 60)))
        questions, errors = parse_gift(text)
        assert all(isinstance(q, ParsedQuestion) for q in questions)
        assert all(isinstance(e, GiftError) and e.line >= 1 for e in errors)


# Writing and round trip -----------------------------------------------------------

ROUND_TRIP = (
    MOODLE_EXAMPLES
    + """
$CATEGORY: $course$/top/Chemistry

::H2O::[html]<p>Is <strong>H<sub>2</sub>O</strong> water?
See <a href="https\\://w.example/">this</a>.</p>{TRUE#No#Yes####<p>It is.</p>}

::Pick::Pick the primes{~%50%2#prime ~%50%3 ~%-100%4#even}

::Percent::Which is right?{=[html]&#37;5 of 50 is 2.5 ~5% of 50 is 25 ~[html][plain] literal}

::Codes::Tags?{=%100%<html> =%25%%body% =[plain][plain]x}

$CATEGORY: $course$/top/Chemistry/Numbers

::Wide::Far away{#=%100%1E+3..2E+3#far ~#no}

::Last blank::Fill the end {=x ~y}

::Lines::One\\nTwo\\n\\nThree: with a colon {=a\\nb ~c}

::Match::Symbols{=<b>H</b> -> Hydrogen =O -> Oxy->gen = -> Helium####Well\\: done}
"""
)


def test_written_gift_reads_back_as_the_same_questions():
    questions, errors = parse_gift(ROUND_TRIP)
    assert errors == []

    written = write_gift(questions)
    again, errors_again = parse_gift(written)

    assert errors_again == []
    assert again == questions
    assert write_gift(again) == written


def test_writing_groups_questions_under_category_lines_and_names_each_question():
    questions, _errors = parse_gift(ROUND_TRIP)

    written = write_gift(questions)

    assert written.count("$CATEGORY:") == 2
    assert "$CATEGORY: $course$/top/Chemistry/Numbers\n" in written
    assert "::Q2::[html]<p>What's between orange and green in the spectrum?</p>{\n" in written
    assert "\t=yellow#right; good!\n" in written


def test_missing_word_questions_are_written_with_the_answers_in_the_blank():
    question = parse_one("Grant is {~buried =entombed ~living} in Grant's tomb.")

    written = write_gift([question])

    assert "<p>Grant is {\n\t~buried\n\t=entombed\n\t~living\n} in Grant's tomb.</p>" in written


def test_writing_returns_to_no_category_when_a_question_has_none():
    first = parse_one("$CATEGORY: Science\n::A::One{T}")
    second = parse_one("::B::Two{F}")

    again, _errors = parse_gift(write_gift([first, second]))

    assert [(q.name, q.category) for q in again] == [("A", "Science"), ("B", "")]


def test_writing_accepts_any_object_with_the_question_attributes():
    class Stored:
        line = 0
        name = "From the database"
        type = NUMERICAL
        text = "<p>How many legs has a spider?</p>"
        general_feedback = ""
        category = "Biology"
        choices = [ParsedChoice("8", Decimal(100), "Yes", Decimal(8), Decimal(8))]
        pairs = []

    (question,) = parse_gift(write_gift([Stored()]))[0]

    assert question.choices == Stored.choices
    assert question.category == "Biology"


# Preview --------------------------------------------------------------------------


def test_correct_answers_summarise_what_earns_credit():
    questions, _errors = parse_gift(MOODLE_EXAMPLES)
    by_name = {q.name: q for q in questions}

    assert correct_answers(by_name["Q1"]) == ["True"]
    assert correct_answers(by_name["Q2"]) == ["yellow"]
    assert correct_answers(by_name["Q3"]) == ["two", "2"]
    assert correct_answers(by_name["Q4"]) == ["cat → cat food", "dog → dog food"]
    assert correct_answers(by_name["Q7"]) == ["1822", "1820..1824 (50%)"]
    assert correct_answers(by_name["Q8"]) == []


MOODLE_EXPORT = """\
// question: 0  name: Switch category to $course$/top/Default for CHEM101/Acids
$CATEGORY: $course$/top/Default for CHEM101/Acids


// question: 3411  name: Strong acid
::Strong acid::[html]<p dir\\="ltr" style\\="text-align\\: left;">Which acid is strong?</p>{
\t=<p>HCl</p>#<p>Yes, it ionises completely.</p>
\t~<p>CH<sub>3</sub>COOH</p>#<p>No, acetic acid is weak.</p>
}


// question: 3412  name: pH of water
::pH of water::[html]<p>pH of pure water at 25 °C?</p>{#
\t=%100%7:0.1#
\t=%50%7:0.5#<p>Close.</p>
}


// question: 3413  name: Formula
::Formula::[html]<p>Chemical formula of water?</p>{
\t=%100%H2O#
\t=%100%h2o#
}


// question: 3414  name: Reflection
::Reflection::[html]<p>What surprised you?</p>{}

"""


def test_a_moodle_export_with_its_comments_and_html_reads_cleanly():
    questions, errors = parse_gift(MOODLE_EXPORT)

    assert errors == []
    assert [(q.line, q.name, q.type) for q in questions] == [
        (6, "Strong acid", SINGLE),
        (13, "pH of water", NUMERICAL),
        (20, "Formula", SHORT_ANSWER),
        (27, "Reflection", ESSAY),
    ]
    assert {q.category for q in questions} == {"$course$/top/Default for CHEM101/Acids"}
    acid = questions[0]
    assert acid.text == "<p>Which acid is strong?</p>"  # dir and style are not kept
    assert acid.choices[1] == ParsedChoice(
        "<p>CH<sub>3</sub>COOH</p>", Decimal(0), "<p>No, acetic acid is weak.</p>"
    )
    assert [(c.low, c.high, c.credit, c.feedback) for c in questions[1].choices] == [
        (Decimal("6.9"), Decimal("7.1"), 100, ""),
        (Decimal("6.5"), Decimal("7.5"), 50, "<p>Close.</p>"),
    ]
    assert [c.text for c in questions[2].choices] == ["H2O", "h2o"]
