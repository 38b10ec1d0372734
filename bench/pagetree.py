"""
Bulk creation of published Wagtail pages for benchmark data sets.

Creating thousands of pages through Wagtail's API (add_child, save_revision,
publish) costs tens of milliseconds each, so a catalogue of 300 courses with
14,400 lessons would take most of an hour. These helpers write the same rows
directly, in batches: the treebeard path, depth and numchild Wagtail's
materialised-path tree expects, the url_path, a revision per page holding
its serializable_data() and the page's live and latest revision.

Only Django and Wagtail are imported here, so bench/peer_wagtail_lms.py uses
the same code for the peer's pages in its own virtualenv. No signals are sent
(page_published and friends), so callers record whatever their application
derives from publishing themselves.
"""

from itertools import batched

from django.db import connection
from django.utils import timezone
from wagtail.models import Page, Revision

# Wagtail's Page tree: treebeard MP_Node with steplen 4 over this alphabet.
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEPLEN = Page.steplen


def path_step(position):
    """The path segment of the position-th child (1-based): 1 -> '0001', 36 -> '0010'."""
    if not 0 < position < len(ALPHABET) ** STEPLEN:
        raise ValueError(f"child position {position} out of range")
    digits = ""
    while position:
        position, rest = divmod(position, len(ALPHABET))
        digits = ALPHABET[rest] + digits
    return digits.rjust(STEPLEN, "0")


def next_child_position(parent):
    """The position the parent's next child takes (after its last existing child)."""
    last = (
        Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    return 1 if last is None else int(last[-STEPLEN:], len(ALPHABET)) + 1


def place(page, *, parent, position, numchild=0, when=None):
    """
    Fill in the tree and publishing fields of an unsaved page that will be the
    position-th child of parent (a saved page, or an unsaved one placed
    before). The caller gives title, slug and the page type's own fields.
    """
    when = when or timezone.now()
    page.path = parent.path + path_step(position)
    page.depth = parent.depth + 1
    page.numchild = numchild
    page.url_path = parent.url_path + page.slug + "/"
    page.locale_id = parent.locale_id
    page.draft_title = page.title
    page.live = True
    page.has_unpublished_changes = False
    page.first_published_at = when
    page.last_published_at = when
    page.latest_revision_created_at = when
    return page


def _insert(model, objs, fields, returning_fields=None):
    """INSERT objs in batches the backend accepts; return the returned rows, if any."""
    ops = connection.ops
    batch_size = max(1, ops.bulk_batch_size(fields, objs) if objs else 1)
    returned = []
    for batch in batched(objs, batch_size):
        rows = model._base_manager._insert(
            list(batch), fields=fields, returning_fields=returning_fields
        )
        if returning_fields:
            returned.extend(rows)
    return returned


def insert_pages(pages):
    """
    Insert placed pages of one or more direct Page subclasses: the
    wagtailcore_page rows first (their ids come back), then each type's own
    table with page_ptr_id. Sets pk on every page. Returns pages.
    """
    page_fields = [f for f in Page._meta.local_concrete_fields if not f.primary_key]
    rows = _insert(Page, pages, page_fields, returning_fields=[Page._meta.pk])
    for page, (pk,) in zip(pages, rows, strict=True):
        page.id = pk
        page.page_ptr_id = pk
    by_model = {}
    for page in pages:
        by_model.setdefault(type(page), []).append(page)
    for model, objs in by_model.items():
        if list(model._meta.parents) != [Page]:
            raise TypeError(f"{model.__name__} is not a direct subclass of Page")
        _insert(model, objs, list(model._meta.local_concrete_fields))
    return pages


def publish_revisions(pages, *, when=None):
    """
    Give each inserted page one revision (its serializable_data(), as
    save_revision() stores it) and make it the live and latest revision.
    """
    when = when or timezone.now()
    base_content_type_id = pages[0].get_base_content_type().pk if pages else None
    revisions = [
        Revision(
            content_type_id=page.content_type_id,
            base_content_type_id=base_content_type_id,
            object_id=str(page.pk),
            created_at=when,
            object_str=page.title,
            content=page.serializable_data(),
        )
        for page in pages
    ]
    revisions = Revision.objects.bulk_create(revisions, batch_size=500)
    table = connection.ops.quote_name(Page._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET latest_revision_id = %s, live_revision_id = %s WHERE id = %s",  # noqa: S608
            [
                (revision.pk, revision.pk, page.pk)
                for page, revision in zip(pages, revisions, strict=True)
            ],
        )
    for page, revision in zip(pages, revisions, strict=True):
        page.latest_revision_id = page.live_revision_id = revision.pk
    return revisions


def add_children(parent, count):
    """Bump parent's numchild by count after its children were inserted."""
    from django.db.models import F

    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + count)
