"""Creates the demo login on the first run and prints it on every run (bin/run)."""

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

LOGIN_FILE = Path(settings.BASE_DIR) / ".venv" / "demo-login"
USERNAME = "demo"  # demo.project.registers.DEMO_ADMIN


class Command(BaseCommand):
    help = "Create (once) and print the demo administrator login."

    def handle(self, *args, **options):
        User = get_user_model()
        if LOGIN_FILE.exists() and User.objects.filter(username=USERNAME).exists():
            password = LOGIN_FILE.read_text().strip()
        else:
            password = secrets.token_urlsafe(9)
            user, _ = User.objects.get_or_create(username=USERNAME)
            user.first_name, user.last_name = "Quản trị", "Demo"
            user.is_staff = user.is_superuser = True
            user.set_password(password)
            user.save()
            LOGIN_FILE.parent.mkdir(exist_ok=True)
            LOGIN_FILE.write_text(password)
        self.stdout.write(f"Login: {USERNAME} / {password}")
