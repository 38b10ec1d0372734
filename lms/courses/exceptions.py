from lms.core.exceptions import LecternError


class CourseError(LecternError):
    pass


class PageHasLearnerProgress(CourseError):
    """A page learners have progress on cannot be deleted; unpublish or archive it."""
