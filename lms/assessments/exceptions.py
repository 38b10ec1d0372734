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

    def __init__(self, message, *, current=None):
        super().__init__(message)
        # The item as the other grader left it, to show their grade.
        self.current = current


class SubmissionRefused(AssessmentError):
    """An assignment submission breaks one of the assignment's rules."""


class InvalidGrade(AssessmentError):
    """A grade the rules refuse; field names the form field at fault."""

    def __init__(self, message, *, field=None):
        super().__init__(message)
        self.field = field
