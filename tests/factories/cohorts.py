import factory
from factory.django import DjangoModelFactory

from lms.cohorts.models import Cohort, CohortStatus, DeliveryFormat


class CohortFactory(DjangoModelFactory):
    class Meta:
        model = Cohort

    code = factory.Sequence(lambda n: f"COH-{n:03d}")
    name = factory.Sequence(lambda n: f"Cohort {n}")
    delivery_format = DeliveryFormat.ONLINE_LIVE
    status = CohortStatus.OPEN
