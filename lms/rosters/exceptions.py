from lms.core.exceptions import LecternError


class RosterError(LecternError):
    pass


class RosterRefused(RosterError):
    """
    The file as a whole cannot be imported (not UTF-8, empty, no header,
    unknown columns...). problems is a list of Problem(file_name, line, field, reason).
    """

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("; ".join(problem.reason for problem in self.problems))


class ApplyRefused(RosterError):
    pass


class UndoRefused(RosterError):
    pass
