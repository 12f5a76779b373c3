"""What each role may do with funding sources, calls, applications, projects and actions.

cms.roles applies these tables (the union with every other app's). Grant applications
and project pages are pages: their rights come from the page permissions (cms.roles) and
the private tree's view restriction (grants/private_tree.py).
"""

from cms.roles import ADMINISTRATION, HEADS, OTHER_DEPARTMENTS, SPECIALISTS

# fmt: off
MODEL_PERMISSIONS = {
    SPECIALISTS: set(),
    HEADS: set(),
    ADMINISTRATION: set(),
    OTHER_DEPARTMENTS: set(),
}
# fmt: on

# --- projects and actions: specialists and heads write and submit project actions, the
# head approves (the workflow) and may delete; Administration reads the register.
# fmt: off
_ACTION_PERMISSIONS = {
    SPECIALISTS: {
        "grants.view_projectaction", "grants.add_projectaction", "grants.change_projectaction",
        "grants.lock_projectaction",
    },
    HEADS: {
        "grants.view_projectaction", "grants.add_projectaction", "grants.change_projectaction",
        "grants.delete_projectaction", "grants.publish_projectaction",
        "grants.lock_projectaction", "grants.unlock_projectaction",
    },
    ADMINISTRATION: {"grants.view_projectaction"},
    OTHER_DEPARTMENTS: set(),
}
# fmt: on
for _role, _permissions in _ACTION_PERMISSIONS.items():
    MODEL_PERMISSIONS[_role] |= _permissions
