"""Assignment rules follow people: joining, or a new role or profile, applies them."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models.signals import m2m_changed, post_save
from django.dispatch import Signal, receiver

User = get_user_model()

# Sent after attendance is marked or changed for a session, once per call of the
# marking service: sender=Attendance, session=..., learner_ids=[...], by=...
# (completion re-evaluates those learners' enrolments).
attendance_marked = Signal()


def _apply_later(user):
    from lms.cohorts.services import apply_rules_for

    transaction.on_commit(lambda: apply_rules_for(user))


@receiver(post_save, sender=User, dispatch_uid="lectern_rules_on_user_save")
def rules_on_user_save(sender, instance, raw=False, **kwargs):
    if not raw and instance.organisation_id and instance.is_active:
        _apply_later(instance)


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="lectern_rules_on_role_change")
def rules_on_role_change(sender, instance, action, reverse, pk_set, **kwargs):
    if action != "post_add":
        return
    people = User.objects.filter(pk__in=pk_set) if reverse else [instance]
    for person in people:
        if person.organisation_id and person.is_active:
            _apply_later(person)
