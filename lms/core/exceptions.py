class LecternError(Exception):
    """Base for the domain errors each app defines in its exceptions.py."""
