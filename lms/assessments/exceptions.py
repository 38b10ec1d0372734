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


class InvalidAnswer(AssessmentError):
    """A response does not fit its question (unknown choice, wrong shape, too long)."""


class FilesRefused(SubmissionRefused):
    """One or more uploaded files break the assignment's file rules; nothing was kept."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__(" ".join(str(problem) for problem in self.problems))


class AlreadySubmitted(SubmissionRefused):
    """The same submission form was posted again (a double click, a retry, a second tab)."""

    def __init__(self, message, *, submission):
        self.submission = submission
        super().__init__(message)


class InvalidGrade(AssessmentError):
    """A grade the rules refuse; field names the form field at fault."""

    def __init__(self, message, *, field=None):
        super().__init__(message)
        self.field = field


class QuestionChanged(AssessmentError):
    """Someone else saved the question since this author's form was loaded."""


class QuestionInUse(AssessmentError):
    """The question has been answered or a quiz uses it: archive it instead of deleting."""
