from django.conf import settings


def client_ip(request):
    """
    The client's address. X-Forwarded-For is believed only for as many hops as
    TRUSTED_PROXY_COUNT says, so a client cannot choose the address it is
    counted under.
    """
    hops = settings.LECTERN_TRUSTED_PROXY_COUNT
    if hops:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [p for p in forwarded if p]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR") or None
