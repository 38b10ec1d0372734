from lms.core.exceptions import LecternError


class AssessmentError(LecternError):
    pass


class QuizUnavailable(AssessmentError):
    """The quiz is outside its availability window or not published."""


class NoAttemptsLeft(AssessmentError):
    pass


class AttemptClosed(AssessmentError):
    """Answers cannot change: the attempt was submitted or its time is up."""


class StaleGrade(AssessmentError):
    """Someone else graded the item since this grader opened it."""


class SubmissionRefused(AssessmentError):
    """An assignment submission breaks one of the assignment's rules."""


class QuestionChanged(AssessmentError):
    """Someone else saved the question since this author's form was loaded."""


class QuestionInUse(AssessmentError):
    """The question has been answered or a quiz uses it: archive it instead of deleting."""
