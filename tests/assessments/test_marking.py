"""Marking rules per question type (pure: unsaved model instances, no database)."""

from decimal import Decimal

import pytest

from lms.assessments.marking import Mark, mark, normalise_text, parse_number, score_for
from lms.assessments.models import Choice, MatchPair, MultipleScoring, QuestionType, QuestionVersion

D = Decimal


def version(type, **fields):
    return QuestionVersion(type=type, points=D("2"), **fields)


def choices(*spec):
    """spec: (id, text, credit) for choice types and short answers."""
    return [Choice(pk=pk, text=text, credit=D(str(credit))) for pk, text, credit in spec]


def ranges(*spec):
    """spec: (id, low, high, credit)."""
    return [
        Choice(
            pk=pk,
            low=None if low is None else D(str(low)),
            high=None if high is None else D(str(high)),
            credit=D(str(credit)),
        )
        for pk, low, high, credit in spec
    ]


SINGLE = choices((1, "Paris", 100), (2, "Lyon", 0), (3, "Nice", 50), (4, "Rome", -50))


# Single choice and true/false ------------------------------------------------------------


def test_single_choice_correct_choice_gets_full_marks():
    assert mark(version(QuestionType.SINGLE), SINGLE, [], 1) == Mark(D(1), False, True)


def test_single_choice_wrong_choice_gets_zero():
    assert mark(version(QuestionType.SINGLE), SINGLE, [], 2) == Mark(D(0), False, False)


def test_single_choice_partial_credit_choice_gets_its_share():
    result = mark(version(QuestionType.SINGLE), SINGLE, [], 3)
    assert result.fraction == D("0.5")
    assert result.correct is False
    assert not result.needs_grading


def test_single_choice_negative_credit_never_goes_below_zero():
    assert mark(version(QuestionType.SINGLE), SINGLE, [], 4).fraction == 0


def test_single_choice_accepts_an_id_sent_as_text():
    assert mark(version(QuestionType.SINGLE), SINGLE, [], "1").fraction == 1


@pytest.mark.parametrize("response", [99, "abc", [1], {"1": 1}, True, 1.5])
def test_single_choice_unknown_or_malformed_response_scores_zero(response):
    assert mark(version(QuestionType.SINGLE), SINGLE, [], response) == Mark(D(0), False, False)


def test_true_false_follows_the_single_choice_rule():
    tf = choices((10, "True", 0), (11, "False", 100))
    assert mark(version(QuestionType.TRUE_FALSE), tf, [], 11).correct is True
    assert mark(version(QuestionType.TRUE_FALSE), tf, [], 10).fraction == 0


# Multiple select ---------------------------------------------------------------------------

MULTI = choices((1, "2", 50), (2, "3", 50), (3, "4", -100), (4, "9", -50))


def all_or_nothing():
    return version(QuestionType.MULTIPLE, multiple_scoring=MultipleScoring.ALL_OR_NOTHING)


def partial():
    return version(QuestionType.MULTIPLE, multiple_scoring=MultipleScoring.PARTIAL)


def test_all_or_nothing_exactly_the_correct_set_gets_full_marks():
    assert mark(all_or_nothing(), MULTI, [], [2, 1]) == Mark(D(1), False, True)


def test_all_or_nothing_a_missing_correct_choice_gets_zero():
    assert mark(all_or_nothing(), MULTI, [], [1]).fraction == 0


def test_all_or_nothing_an_extra_wrong_choice_gets_zero():
    assert mark(all_or_nothing(), MULTI, [], [1, 2, 4]).fraction == 0


def test_all_or_nothing_duplicates_do_not_matter():
    assert mark(all_or_nothing(), MULTI, [], [1, 2, "2", 1]).fraction == 1


def test_partial_credit_adds_the_picked_credits():
    assert mark(partial(), MULTI, [], [1]) == Mark(D("0.5"), False, False)
    assert mark(partial(), MULTI, [], [1, 2]).fraction == 1


def test_partial_credit_wrong_picks_take_credit_away():
    assert mark(partial(), MULTI, [], [1, 2, 4]).fraction == D("0.5")


def test_partial_credit_never_goes_below_zero():
    assert mark(partial(), MULTI, [], [1, 3, 4]).fraction == 0


def test_partial_credit_never_goes_above_one():
    generous = choices((1, "a", 100), (2, "b", 100))
    assert mark(partial(), generous, [], [1, 2]).fraction == 1


def test_partial_credit_ignores_ids_of_other_questions():
    assert mark(partial(), MULTI, [], [1, 77]).fraction == D("0.5")


@pytest.mark.parametrize("response", [1, "1,2", {"1": True}])
def test_multiple_select_needs_a_list(response):
    assert mark(all_or_nothing(), MULTI, [], response).fraction == 0
    assert mark(partial(), MULTI, [], response).fraction == 0


# Short answer ------------------------------------------------------------------------------

SHORT = choices((1, "Photosynthesis", 100), (2, "photo synthesis", 50), (3, "respiration", 0))


@pytest.mark.parametrize(
    "response", ["Photosynthesis", "  photosynthesis ", "PHOTOSYNTHESIS", "photo\u017fynthesis"]
)
def test_short_answer_matches_after_trimming_and_case_folding(response):
    assert mark(version(QuestionType.SHORT_ANSWER), SHORT, [], response).fraction == 1


def test_short_answer_collapses_inner_whitespace():
    result = mark(version(QuestionType.SHORT_ANSWER), SHORT, [], "photo    synthesis")
    assert result.fraction == D("0.5")


def test_short_answer_takes_the_best_credit_of_the_matching_answers():
    twice = choices((1, "Oslo", 50), (2, " oslo", 100))
    assert mark(version(QuestionType.SHORT_ANSWER), twice, [], "OSLO").fraction == 1


def test_short_answer_matching_a_zero_credit_answer_scores_zero_without_a_grader():
    result = mark(version(QuestionType.SHORT_ANSWER, manual_review=True), SHORT, [], "respiration")
    assert result == Mark(D(0), False, False)


def test_short_answer_without_a_match_scores_zero():
    result = mark(version(QuestionType.SHORT_ANSWER), SHORT, [], "chlorophyll")
    assert result == Mark(D(0), False, False)


def test_short_answer_without_a_match_waits_for_a_grader_when_routed():
    result = mark(version(QuestionType.SHORT_ANSWER, manual_review=True), SHORT, [], "chlorophyll")
    assert result == Mark(None, True, None)


def test_short_answer_routed_but_matching_is_marked_at_once():
    result = mark(
        version(QuestionType.SHORT_ANSWER, manual_review=True), SHORT, [], "photosynthesis"
    )
    assert result == Mark(D(1), False, True)


@pytest.mark.parametrize("response", [["photosynthesis"], {"a": 1}, True])
def test_short_answer_malformed_response_scores_zero(response):
    assert mark(version(QuestionType.SHORT_ANSWER), SHORT, [], response).fraction == 0


def test_normalise_text():
    assert normalise_text("  New\t York  ") == "new york"


# Numerical ---------------------------------------------------------------------------------

PI = ranges((1, "3.14", "3.15", 100), (2, "3", "3.5", 50))


@pytest.mark.parametrize("response", ["3.14", " 3.145 ", "3,15", "3.1400"])
def test_numerical_inside_the_best_range_gets_full_marks(response):
    assert mark(version(QuestionType.NUMERICAL), PI, [], response).fraction == 1


def test_numerical_bounds_are_inclusive():
    exact = ranges((1, "42", "42", 100))
    assert mark(version(QuestionType.NUMERICAL), exact, [], "42").fraction == 1
    assert mark(version(QuestionType.NUMERICAL), exact, [], "42.0001").fraction == 0


def test_numerical_in_a_wider_range_gets_that_ranges_credit():
    assert mark(version(QuestionType.NUMERICAL), PI, [], "3.3").fraction == D("0.5")


def test_numerical_outside_every_range_gets_zero():
    assert mark(version(QuestionType.NUMERICAL), PI, [], "2.9") == Mark(D(0), False, False)


def test_numerical_negative_numbers():
    below = ranges((1, "-10", "-5", 100))
    assert mark(version(QuestionType.NUMERICAL), below, [], "-7,5").fraction == 1


@pytest.mark.parametrize(
    "response", ["pi", "3.14.1", "1,000.5", "3,1,4", "NaN", "Infinity", "-inf", "1_0", "", "   "]
)
def test_numerical_rejects_non_numbers_as_zero(response):
    assert mark(version(QuestionType.NUMERICAL), PI, [], response) == Mark(D(0), False, False)


def test_numerical_open_ended_range():
    at_least = ranges((1, "100", None, 100))
    assert mark(version(QuestionType.NUMERICAL), at_least, [], "1e6").fraction == 1
    assert mark(version(QuestionType.NUMERICAL), at_least, [], "99").fraction == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [("3,14", D("3.14")), (" -2 ", D("-2")), ("1e3", D("1000")), ("abc", None), ("nan", None)],
)
def test_parse_number(text, expected):
    assert parse_number(text) == expected


# Matching ----------------------------------------------------------------------------------

PAIRS = [
    MatchPair(pk=1, prompt="Cat", answer="Meow"),
    MatchPair(pk=2, prompt="Dog", answer="Woof"),
    MatchPair(pk=3, prompt="Cow", answer="Moo"),
    MatchPair(pk=4, prompt="Kitten", answer="Meow"),
]


def test_matching_all_prompts_right_gets_full_marks():
    response = {"1": "Meow", "2": "Woof", "3": "Moo", "4": "Meow"}
    assert mark(version(QuestionType.MATCHING), [], PAIRS, response) == Mark(D(1), False, True)


def test_matching_gives_credit_per_prompt():
    response = {"1": "Meow", "2": "Moo", "3": "Woof"}
    result = mark(version(QuestionType.MATCHING), [], PAIRS, response)
    assert result.fraction == D("0.25")
    assert result.correct is False


def test_matching_ignores_unknown_prompts_and_non_text_answers():
    response = {"99": "Meow", "1": ["Meow"], "2": "Woof"}
    assert mark(version(QuestionType.MATCHING), [], PAIRS, response).fraction == D("0.25")


@pytest.mark.parametrize("response", [["Meow"], "Meow", 3])
def test_matching_needs_a_mapping(response):
    assert mark(version(QuestionType.MATCHING), [], PAIRS, response).fraction == 0


def test_matching_without_pairs_scores_zero():
    assert mark(version(QuestionType.MATCHING), [], [], {"1": "Meow"}).fraction == 0


# Essay and unanswered ----------------------------------------------------------------------


def test_essay_always_waits_for_a_grader():
    assert mark(version(QuestionType.ESSAY), [], [], "My essay.") == Mark(None, True, None)


@pytest.mark.parametrize("response", [None, "", "   ", [], {}])
@pytest.mark.parametrize("type", list(QuestionType))
def test_an_unanswered_question_scores_zero_without_a_grader(type, response):
    result = mark(version(type, manual_review=True), SHORT, PAIRS, response)
    assert result == Mark(D(0), False, False)


def test_an_unknown_type_is_a_programming_error():
    with pytest.raises(ValueError, match="Unknown question type"):
        mark(version("drawing"), [], [], "x")


def test_score_for_rounds_to_the_cent():
    assert score_for(D("2"), D(1) / D(3)) == D("0.67")
    assert score_for(D("2"), None) is None
