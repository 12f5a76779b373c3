"""The "Funding" admin menu: each register adds its item with GRANTS_MENU_HOOK.

    @hooks.register(GRANTS_MENU_HOOK)
    def calls_menu_item():
        return MenuItem(_("Calls"), reverse(...), icon_name="date", order=20)

The submenu hides itself when none of its items is shown to the user (Wagtail asks each
item's `is_shown`), so people without any funding right do not see it.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import Menu, SubmenuMenuItem

GRANTS_MENU_HOOK = "sklaida_grants_menu_items"


def funding_menu_item():
    menu = Menu(register_hook_name=GRANTS_MENU_HOOK)
    return SubmenuMenuItem(_("Funding"), menu, icon_name="tasks", name="funding", order=170)
