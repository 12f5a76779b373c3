"""What each role may do with funding sources, calls, applications, projects and actions.

cms.roles applies these tables (the union with every other app's). Grant applications
and project pages are pages: their rights come from the page permissions (cms.roles) and
the private tree's view restriction (grants/private_tree.py).

Sources, support agreements and calls: specialists and heads keep the registers (heads
may also delete a record entered by mistake); Administration reads them; Other
departments see nothing of funding. Who decides go / no-go on a call is not a group
permission but the head of the responsible person's department (grants/permissions.py).
"""

from cms.roles import ADMINISTRATION, HEADS, OTHER_DEPARTMENTS, SPECIALISTS

# fmt: off
SOURCES_AND_CALLS_KEEPERS = {
    "grants.view_fundingsource", "grants.add_fundingsource", "grants.change_fundingsource",
    "grants.view_supportagreement", "grants.add_supportagreement",
    "grants.change_supportagreement",
    "grants.view_call", "grants.add_call", "grants.change_call",
}
SOURCES_AND_CALLS_READERS = {
    "grants.view_fundingsource", "grants.view_supportagreement", "grants.view_call",
}

MODEL_PERMISSIONS = {
    SPECIALISTS: set(SOURCES_AND_CALLS_KEEPERS),
    HEADS: SOURCES_AND_CALLS_KEEPERS | {
        "grants.delete_fundingsource", "grants.delete_supportagreement", "grants.delete_call",
    },
    ADMINISTRATION: set(SOURCES_AND_CALLS_READERS),
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
