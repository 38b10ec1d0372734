"""
Remembers the current request so audit events written deep inside signal
handlers can still say who acted and from which address.
"""

from contextvars import ContextVar

from lms.core.http import client_ip

_current_request: ContextVar = ContextVar("lectern_audit_request", default=None)


def current_ip():
    request = _current_request.get()
    return client_ip(request) if request is not None else None


def current_request():
    return _current_request.get()


def current_actor():
    request = _current_request.get()
    user = getattr(request, "user", None) if request is not None else None
    return user if user is not None and user.is_authenticated else None


class AuditRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)
