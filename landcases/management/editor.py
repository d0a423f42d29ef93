"""Who a command acts as: the user given by --user, held to what the web holds them to."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.http import Http404

from .. import messages as msg
from ..access import Can, access_project


def register_editor(username: str, project):
    """The user named, refused (CommandError) unless an active member of the project whose
    role may edit the registers: the views' own check (access.access_project)."""
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(str(msg.COMMAND_NO_USER % {"name": username}))
    try:
        if not user.is_active:  # the web would not let them log in
            raise Http404
        access_project(user, project.code, Can.EDIT_REGISTERS)
    except Http404:
        raise CommandError(
            str(msg.COMMAND_USER_MAY_NOT_EDIT % {"name": username, "code": project.code})
        ) from None
    return user
