from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LandcasesConfig(AppConfig):
    name = "landcases"
    verbose_name = _("Registers")
