from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token


def home(request):
    return render(request, "home.html")


# Error pages: the application's own, translated (the language is already active: the
# locale middleware ran). Django's defaults render 400 without the request, so the top bar
# would forget who is logged in; these keep it.
@requires_csrf_token
def bad_request(request, exception=None):
    return render(request, "errors/400.html", status=400)


@requires_csrf_token
def permission_denied(request, exception=None):
    return render(request, "errors/403.html", status=403)


def csrf_failure(request, reason=""):
    return render(request, "errors/403.html", {"csrf": True}, status=403)


@requires_csrf_token
def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    # No request context: whatever failed may fail again in a context processor.
    return HttpResponseServerError(loader.get_template("errors/500.html").render())
