from lms.core.exceptions import LecternError


class EnrollmentError(LecternError):
    pass


class CohortFull(EnrollmentError):
    pass


class AlreadyEnrolled(EnrollmentError):
    pass


class NotOpenForEnrolment(EnrollmentError):
    pass


class PrerequisitesMissing(EnrollmentError):
    def __init__(self, message, missing):
        super().__init__(message)
        self.missing = missing


class InvalidTransition(EnrollmentError):
    pass
