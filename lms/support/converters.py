from django.urls import register_converter


class TicketReferenceConverter:
    """URLs name tickets as people quote them: T-000123."""

    regex = "T-[0-9]{6,}"

    def to_python(self, value):
        return int(value[2:])

    def to_url(self, value):
        return f"T-{int(value):06d}"


register_converter(TicketReferenceConverter, "ticket")
