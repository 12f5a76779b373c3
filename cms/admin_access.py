"""Who may open which admin URL, where Wagtail itself does not ask.

Wagtail and wagtail-modeladmin leave some admin views open to everyone who may enter the
admin: ModelAdmin history pages, snippet choosers, page and task choosers, the admin API
for images and documents, the move-page and cancel-workflow confirmations. Those pages
show names, dates and titles (drafts included) to roles that docs/permissions.md denies.

Each rule names admin URLs by view name (an fnmatch pattern) and the test a user must
pass. `cms.urls` wraps every admin view with `guard`, so the check runs before the view
for GET and POST alike; a refusal is Wagtail's own "no permission" answer. Anonymous
visitors pass through to Wagtail's login redirect. Upper-floor apps add rules of their
own with `register`; the generic rules below already cover any ModelAdmin history and
any snippet model, so a new app usually needs none. tests/cms/test_admin_url_matrix.py
requests every admin URL as every role.
"""

import fnmatch
import functools

from django.apps import apps
from wagtail.admin.auth import permission_denied
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy

RULES = []  # (view-name pattern, test(user, match) -> bool)


def register(pattern, test):
    """Require `test(user, resolver_match)` for every admin view whose name matches."""
    RULES.append((pattern, test))
    _tests_for.cache_clear()


@functools.cache
def _tests_for(view_name):
    return [test for pattern, test in RULES if fnmatch.fnmatchcase(view_name, pattern)]


def guard(view):
    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        user = request.user
        match = request.resolver_match
        if user.is_authenticated and not user.is_superuser and match is not None:
            for test in _tests_for(match.view_name):
                if not test(user, match):
                    return permission_denied(request)
        return view(request, *args, **kwargs)

    return guarded


# --- the tests --------------------------------------------------------------------------

SEE = ("view", "add", "change", "delete")
PAGE_ACTIONS = ("add", "change", "publish", "bulk_delete", "lock", "unlock")


def _model(label):
    """`social_socialpost` -> SocialPost (model names have no underscore)."""
    app_label, model_name = label.rsplit("_", 1)
    return apps.get_model(app_label, model_name)


def may_see_model(label_of):
    def test(user, match):
        return ModelPermissionPolicy(_model(label_of(match))).user_has_any_permission(user, SEE)

    return test


def has_model_permission(action, label_of):
    def test(user, match):
        return ModelPermissionPolicy(_model(label_of(match))).user_has_permission(user, action)

    return test


def edits_pages(user, match=None):
    return PagePermissionPolicy().user_has_any_permission(user, PAGE_ACTIONS)


def edits_content(user, match=None):
    """Pages, or any snippet: the people who need choosers, tags and embeds."""
    from wagtail.snippets.models import get_snippet_models

    return edits_pages(user) or any(
        ModelPermissionPolicy(model).user_has_any_permission(user, ("add", "change"))
        for model in get_snippet_models()
    )


def page_permission(check, parameter="page_id"):
    def test(user, match):
        from wagtail.models import Page

        page = Page.objects.filter(pk=match.kwargs.get(parameter)).first()
        # A missing page is the view's 404 to give, without naming anything.
        return page is None or getattr(page.permissions_for_user(user), check)()

    return test


def media_permission(model_getter):
    def test(user, match):
        from django.utils.module_loading import import_string
        from wagtail.permissions import policy_registry

        policy = policy_registry.get_by_type(import_string(model_getter)())
        return policy.user_has_any_permission(user, ("add", "change", "choose"))

    return test


def manages_workflows(user, match=None):
    from wagtail.models import Workflow

    return ModelPermissionPolicy(Workflow).user_has_any_permission(user, ("add", "change"))


def nobody_but_it(user, match=None):
    """Refused to every role (IT, the superusers, pass before any rule is asked)."""
    return False


def _modeladmin_label(match):
    return match.url_name.removesuffix("_modeladmin_history")


def _snippet_label(match):
    namespace = match.namespaces[-1]
    return namespace.split("_", 1)[1]  # wagtailsnippets_<app>_<model>


images = media_permission("wagtail.images.get_image_model")
documents = media_permission("wagtail.documents.get_document_model")

# fmt: off
for _pattern, _test in [
    # Records: their history names people and dates, like the record itself.
    ("*_modeladmin_history", may_see_model(_modeladmin_label)),
    # Snippets: the chooser lists every title, drafts included.
    ("wagtailsnippetchoosers_*:*", may_see_model(_snippet_label)),
    ("wagtailsnippets_*:confirm_workflow_cancellation",
     has_model_permission("publish", _snippet_label)),
    ("wagtailsnippets_*:workflow_preview", has_model_permission("change", _snippet_label)),
    # Pages.
    ("wagtailadmin_pages:move_confirm", page_permission("can_move", "page_to_move_id")),
    ("wagtailadmin_pages:confirm_workflow_cancellation", page_permission("can_publish")),
    ("wagtailadmin_pages:workflow_preview", page_permission("can_edit")),
    ("wagtailadmin_pages:choose_parent", edits_pages),
    ("wagtailadmin_choose_page*", edits_pages),
    ("wagtailadmin_api:pages:*", edits_pages),
    # Editing tools.
    ("wagtailadmin_tag_autocomplete", edits_content),
    ("wagtailadmin_tag_model_autocomplete", edits_content),
    ("wagtailembeds:*", edits_content),
    # Media.
    ("wagtailadmin_api:images:*", images),
    ("wagtailimages_chooser:*", images),
    ("wagtailadmin_api:documents:*", documents),
    ("wagtaildocs_chooser:*", documents),
    # Workflow tasks are configured with the workflows (IT).
    ("wagtailadmin_workflows:task_cho*", manages_workflows),
    # Translating a page makes a draft copy in the other language, which goes through
    # moderation like any draft; a snippet's copy is saved as it is (a moderated post or
    # rubric would be live in English without a head's approval), so never for a role.
    ("simple_translation:submit_snippet_translation", nobody_but_it),
]:
    register(_pattern, _test)
# fmt: on
