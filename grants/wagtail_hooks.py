"""Registration only: the funding menu, registers, sources, demo content."""

from wagtail import hooks


@hooks.register("register_admin_menu_item")
def funding_menu():
    from .menu import funding_menu_item

    return funding_menu_item()
