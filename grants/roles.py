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
