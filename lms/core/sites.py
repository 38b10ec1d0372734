"""
Which Wagtail Site serves a request, remembered per host in each process.

Wagtail looks the site up with a query on every page request
(Site.find_for_request keeps the answer only on the request). Sites change
rarely, so CachedSiteMiddleware remembers the answer per (hostname, port)
and gives later requests fresh model instances built from the remembered
rows (nothing is shared between requests, so per-instance caches such as
Page.specific stay per request). The root page's specific instance is built
with its own fields deferred, so routing a request costs no query for it.
The middleware itself never queries: it remembers what Wagtail found, so
requests that need no site (health checks, the admin's JSON) behave as before.

Saving or deleting a Site, or saving or deleting a page that is some site's
root, forgets everything in the process that made the change; other
processes notice within MAX_AGE_SECONDS.
"""

import threading
import time

from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_delete, post_save
from django.http.request import split_domain_port
from wagtail.models import Page, Site

MAX_AGE_SECONDS = 60

_lock = threading.Lock()
_by_host = {}  # (hostname, port) -> (expires at, site row or None, root page row or None)
_root_page_ids = set()
_generation = [0]  # bumped by forget_sites(), so a lookup older than a change is not kept


def _host_key(request):
    return split_domain_port(request._get_raw_host())[0], request.get_port()


def _row(instance):
    return [getattr(instance, field.attname) for field in instance._meta.concrete_fields]


def _instance(model, row):
    names = [field.attname for field in model._meta.concrete_fields]
    return model.from_db(DEFAULT_DB_ALIAS, names, row)


def remembered_site(request):
    """(True, the Site or None) when this process knows the request's host, else (False, None)."""
    entry = _by_host.get(_host_key(request))
    if entry is None or entry[0] < time.monotonic():
        return False, None
    _expires, site_row, root_row = entry
    if site_row is None:
        return True, None
    site = _instance(Site, site_row)
    root_page = _instance(Page, root_row)
    # Wagtail routes every page request through site.root_page.specific, a
    # query for the home page's own fields that routing never reads. Give it
    # the specific instance with those fields deferred: they load on first
    # access, which only rendering the home page itself does.
    root_page.__dict__["specific"] = root_page.get_specific(deferred=True)
    site.root_page = root_page
    return True, site


def remember_site(request, site, generation):
    """Keep the Site Wagtail found for request, unless sites changed since generation."""
    entry = (
        time.monotonic() + MAX_AGE_SECONDS,
        _row(site) if site is not None else None,
        _row(site.root_page) if site is not None else None,
    )
    with _lock:
        if generation != _generation[0]:
            return
        _by_host[_host_key(request)] = entry
        if site is not None:
            _root_page_ids.add(site.root_page_id)


def current_generation():
    return _generation[0]


def forget_sites(**kwargs):
    with _lock:
        _generation[0] += 1
        _by_host.clear()
        _root_page_ids.clear()


def _forget_sites_on_root_page_change(sender, instance, **kwargs):
    if isinstance(instance, Page) and instance.pk in _root_page_ids:
        forget_sites()


def connect_signals():
    """Called from CoreConfig.ready()."""
    post_save.connect(forget_sites, sender=Site, dispatch_uid="lectern_forget_sites_save")
    post_delete.connect(forget_sites, sender=Site, dispatch_uid="lectern_forget_sites_delete")
    # Pages are saved through their specific classes: listen to every model
    # and act on the pages that are some site's root.
    post_save.connect(_forget_sites_on_root_page_change, dispatch_uid="lectern_forget_root_save")
    post_delete.connect(
        _forget_sites_on_root_page_change, dispatch_uid="lectern_forget_root_delete"
    )


class CachedSiteMiddleware:
    """Give Wagtail the request's Site from memory; remember the one it looked up."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        known, site = remembered_site(request)
        if known:
            # Site.find_for_request returns request._wagtail_site when set.
            request._wagtail_site = site
            return self.get_response(request)
        generation = current_generation()
        response = self.get_response(request)
        if hasattr(request, "_wagtail_site"):
            remember_site(request, request._wagtail_site, generation)
        return response
