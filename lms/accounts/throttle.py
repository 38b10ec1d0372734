"""
Login throttling. Failed attempts are counted in the shared cache per account
and per client address:

- an account that fails ACCOUNT_FAILURES times cools down for
  ACCOUNT_COOLDOWN_SECONDS (short, so an attacker cannot keep its owner out
  for long);
- an address that fails IP_FAILURES times within IP_WINDOW_SECONDS is refused
  for the rest of that window, whatever account it tries.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache

from lms.accounts.models import normalise_email


def _config():
    return settings.LECTERN_LOGIN_THROTTLE


def _account_key(email):
    digest = hashlib.sha256(normalise_email(email).encode()).hexdigest()[:32]
    return f"login-fail:acct:{digest}"


def _ip_key(ip):
    return f"login-fail:ip:{ip}"


def _read(key):
    return cache.get(key) or {"count": 0, "first": time.time(), "last": 0.0}


def seconds_locked(email, ip):
    """How long this attempt must wait, 0 when it may go ahead."""
    conf = _config()
    now = time.time()
    wait = 0.0
    if email:
        acct = _read(_account_key(email))
        if acct["count"] >= conf["ACCOUNT_FAILURES"]:
            wait = max(wait, acct["last"] + conf["ACCOUNT_COOLDOWN_SECONDS"] - now)
    if ip:
        per_ip = _read(_ip_key(ip))
        if per_ip["count"] >= conf["IP_FAILURES"]:
            wait = max(wait, per_ip["first"] + conf["IP_WINDOW_SECONDS"] - now)
    return max(0, int(wait + 0.999))


def record_failure(email, ip):
    conf = _config()
    now = time.time()
    if email:
        key = _account_key(email)
        acct = _read(key)
        if (
            acct["count"] >= conf["ACCOUNT_FAILURES"]
            and now - acct["last"] > conf["ACCOUNT_COOLDOWN_SECONDS"]
        ):
            # The cool-down passed: start counting afresh.
            acct = {"count": 0, "first": now, "last": now}
        acct["count"] += 1
        acct["last"] = now
        cache.set(key, acct, conf["ACCOUNT_COOLDOWN_SECONDS"] * 4)
    if ip:
        key = _ip_key(ip)
        per_ip = _read(key)
        if now - per_ip["first"] > conf["IP_WINDOW_SECONDS"]:
            per_ip = {"count": 0, "first": now, "last": now}
        per_ip["count"] += 1
        per_ip["last"] = now
        cache.set(key, per_ip, conf["IP_WINDOW_SECONDS"])


def reset_account(email):
    if email:
        cache.delete(_account_key(email))
