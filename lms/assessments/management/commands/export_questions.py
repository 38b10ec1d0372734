"""
Export a question bank's current questions as Moodle GIFT:

    python manage.py export_questions --bank "Chemistry 101" -o chemistry.gift.txt
"""

from pathlib import Path

from django.core.management.base import BaseCommand

from lms.assessments.management.commands.import_questions import find_bank
from lms.assessments.services.gift import export_bank


class Command(BaseCommand):
    help = "Export a question bank as Moodle GIFT text."

    def add_arguments(self, parser):
        parser.add_argument("--bank", required=True, help="name of the question bank")
        parser.add_argument(
            "-o", "--output", metavar="FILE", help="write to this file instead of the screen"
        )

    def handle(self, *args, bank, output, **options):
        text = export_bank(find_bank(bank))
        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stderr.write(f"Wrote {output}.")
        else:
            self.stdout.write(text, ending="")
