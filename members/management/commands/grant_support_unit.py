from django.core.management.base import BaseCommand, CommandError

from members.models import User
from members.roles import make_support_unit_staff


class Command(BaseCommand):
    help = "Make an existing account Support Unit staff (admin access and the Support Unit group)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options):
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist as error:
            raise CommandError(
                f"No account named {username!r}. Create it first (sign up, or createsuperuser)."
            ) from error
        make_support_unit_staff(user)
        self.stdout.write(self.style.SUCCESS(f"{username} is now Support Unit staff."))
