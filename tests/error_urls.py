"""The app's URLs plus views that fail on purpose (tests/test_error_pages.py)."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from config.urls import handler400, handler403, handler404, handler500, urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


def forbidden(request):
    raise PermissionDenied


def suspicious(request):
    raise SuspiciousOperation("made up")


def broken(request):
    raise RuntimeError("a bug")


urlpatterns = [
    *urlpatterns,
    path("test-errors/403/", forbidden),
    path("test-errors/400/", suspicious),
    path("test-errors/500/", broken),
]
