"""What each role may do with the public site's settings (cms.roles grants it).

Keeping the brand consistent and administering the accounts is the specialist's job
(duty 2), so specialists and heads edit the brand settings; see docs/permissions.md.
"""

from cms.roles import HEADS, SPECIALISTS

MODEL_PERMISSIONS = {
    SPECIALISTS: {"home.change_brandsettings"},
    HEADS: {"home.change_brandsettings"},
}
