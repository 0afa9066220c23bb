"""Users of the editors' desk: members of the groups the corrections migration creates."""

import itertools

from django.contrib.auth.models import Group, User

_counter = itertools.count(1)
PASSWORD = "desk-password-123"


def make_user(*, groups=(), staff=True, **fields) -> User:
    number = next(_counter)
    fields.setdefault("username", f"user{number}")
    user = User.objects.create_user(password=PASSWORD, is_staff=staff, **fields)
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


def make_editor(**fields) -> User:
    return make_user(groups=["Editors"], **fields)


def make_author_user(**fields) -> User:
    return make_user(groups=["Authors"], **fields)
