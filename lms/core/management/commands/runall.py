import os
import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the web server and the embedded job runner together; Ctrl-C stops both."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--noreload", action="store_true")

    def handle(self, *args, addrport, noreload, **options):
        worker = None
        # The autoreloader re-runs this command in a child (RUN_MAIN=true):
        # only the outer process starts the job runner.
        if os.environ.get("RUN_MAIN") != "true":
            manage = sys.argv[0] if sys.argv[0].endswith("manage.py") else "manage.py"
            worker = subprocess.Popen([sys.executable, manage, "qcluster"])  # noqa: S603
            self.stdout.write(f"Job runner started (django-q2, pid {worker.pid}).")
        try:
            call_command("runserver", addrport, use_reloader=not noreload)
        except KeyboardInterrupt:
            pass
        finally:
            if worker is not None and worker.poll() is None:
                worker.terminate()
                try:
                    worker.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    worker.kill()
                self.stdout.write("Job runner stopped.")
