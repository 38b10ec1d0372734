"""
Factories for the demo academy. Unlike the test factories they are
deterministic and idempotent: each looks its row up by a natural key
(e-mail, slug) before creating it, so seeding twice changes nothing.
"""

import factory
from factory.django import DjangoModelFactory

from lms.accounts.models import Organisation, User

DEMO_PASSWORD = "Lectern-demo-2026"  # noqa: S105 - printed for newcomers on purpose


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    name = factory.Faker("company")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@lectern.test")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        # Only new people get the demo password: re-seeding must not reset a
        # password someone changed, nor spend time hashing it again.
        if getattr(self, "_demo_existing", False):
            return
        self.set_password(extracted or DEMO_PASSWORD)
        if create:
            self.save(update_fields=["password"])

    @classmethod
    def _get_or_create(cls, model_class, *args, **kwargs):
        existing = model_class.objects.filter(email__iexact=kwargs["email"]).first()
        if existing is not None:
            existing._demo_existing = True
            return existing
        return super()._get_or_create(model_class, *args, **kwargs)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted and not getattr(self, "_demo_existing", False):
            from django.contrib.auth.models import Group

            self.groups.add(*Group.objects.filter(name__in=[str(r) for r in extracted]))
