"""
Import questions from a Moodle GIFT file into a question bank:

    python manage.py import_questions questions.gift.txt --bank "Chemistry 101" --dry-run
    python manage.py import_questions questions.gift.txt --bank "Chemistry 101" --only-valid

Every question is listed with its line, type, name and correct answers, and
every question that cannot be imported with its line and reason. When there
is any such error nothing is written (exit status 1) unless --only-valid is
given; --dry-run never writes.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lms.accounts.models import User
from lms.assessments.gift import correct_answers
from lms.assessments.models import QuestionBank
from lms.assessments.services.gift import import_questions


def find_bank(name):
    bank = QuestionBank.objects.filter(name__iexact=name.strip()).first()
    if bank is None:
        raise CommandError(f"There is no question bank named “{name}”.")
    return bank


class Command(BaseCommand):
    help = "Import questions from a Moodle GIFT file into a question bank."

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="the GIFT file (UTF-8)")
        parser.add_argument("--bank", required=True, help="name of the question bank")
        parser.add_argument("--dry-run", action="store_true", help="check only; write nothing")
        parser.add_argument(
            "--only-valid",
            action="store_true",
            help="import the valid questions even when others cannot be imported",
        )
        parser.add_argument("--by", metavar="EMAIL", help="record this person as the importer")

    def handle(self, *args, file, bank, dry_run, only_valid, by, **options):
        target = find_bank(bank)
        actor = None
        if by:
            actor = User.objects.filter(email__iexact=by.strip()).first()
            if actor is None:
                raise CommandError(f"Nobody has the e-mail address {by}.")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            raise CommandError(
                f"{path} is not UTF-8 (byte {exc.start}); save it as UTF-8 and try again."
            ) from exc

        result = import_questions(
            bank=target, text=text, by=actor, only_valid=only_valid, dry_run=dry_run
        )

        for question in result.questions:
            answers = "; ".join(correct_answers(question)) or "-"
            self.stdout.write(
                f"line {question.line}: {question.type} “{question.name}” — correct: {answers}"
            )
        for error in result.errors:
            self.stderr.write(str(error))

        valid, rejected = len(result.questions), len(result.errors)
        if result.written:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Imported {result.created} question(s) into “{target}”"
                    f" ({result.categories_created} new categories); {rejected} left out."
                )
            )
        elif result.refused:
            raise CommandError(
                f"{rejected} question(s) cannot be imported; nothing was written. Correct them, "
                f"or run again with --only-valid to import the {valid} valid question(s)."
            )
        elif dry_run:
            self.stdout.write(
                f"Dry run: {valid} question(s) would be imported, {rejected} left out; "
                "nothing was written."
            )
        elif rejected:
            raise CommandError(f"None of the {rejected} question(s) can be imported.")
        else:
            self.stdout.write(f"{path} holds no questions; nothing was written.")
