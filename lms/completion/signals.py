from django.dispatch import Signal

# Sent once, after the transaction that made an enrolment complete commits:
# sender=Enrollment, enrollment=..., by=user or None (None: the evaluator, not a person).
# Certificates and compliance listen to it.
enrollment_completed = Signal()
