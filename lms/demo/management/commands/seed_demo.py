from django.core.management.base import BaseCommand

from lms.demo.seed import build_demo


class Command(BaseCommand):
    help = "Create the demo academy (safe to run again: nothing is duplicated)."

    def handle(self, *args, **options):
        result = build_demo()
        self.stdout.write(self.style.SUCCESS(f"Demo academy ready ({result.created} new people)."))
        self.stdout.write(self.style.SUCCESS(f"Courses: {result.courses}"))
        self.stdout.write(self.style.SUCCESS(f"Assessments: {result.assessments} new demo items."))
        self.stdout.write("")
        self.stdout.write("Demo logins (http://127.0.0.1:8000/accounts/login/, admin at /admin/):")
        width = max(len(role) for role, _, _ in result.logins)
        for role, email, password in result.logins:
            self.stdout.write(f"  {role:<{width}}  {email:<28}  {password}")
