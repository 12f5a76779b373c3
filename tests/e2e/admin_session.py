"""Signing in to the admin in the browser, as the people of the browser tests."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.users.models import UserProfile

from cms.factories import PASSWORD


def make_user(username, role, **extra):
    """A user of `role` (a group name) who reads the admin in Lithuanian."""
    user = get_user_model().objects.create_user(
        username, f"{username}@biblioteka.example", PASSWORD, **extra
    )
    user.groups.add(Group.objects.get(name=role))
    return lithuanian(user)


def lithuanian(user):
    """Make `user` read the admin in Lithuanian (their profile's choice); returns them."""
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "lt"
    profile.save()
    return user


def sign_in_on(page, live_server, user, password=PASSWORD, start="/admin/login/"):
    """Sign `user` in on an open `page` through the login form; waits for the dashboard.
    `start` "/admin/" goes through the redirect a person meets when not signed in."""
    page.goto(f"{live_server.url}{start}")
    page.fill("#id_username", user.username)
    page.fill("#id_password", password)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    return page


def sign_in(browser, live_server, user):
    """A new browser context of a desktop size with `user` signed in; returns its page."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    return sign_in_on(context.new_page(), live_server, user)
