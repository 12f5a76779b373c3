"""The private tree of grant applications: staff-only by a view restriction.

Every GrantApplicationIndexPage gets a PageViewRestriction of type "groups" (the
communication specialists, the department heads and Administration; not Other
departments) the moment it is created, so no application is ever public. Applications
can live only under such an index (parent_page_types), and the restriction cannot be
changed from the privacy dialog (grants/wagtail_hooks.py refuses it for this tree).
"""

from django.contrib.auth.models import Group
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction

from cms.roles import ADMINISTRATION, HEADS, SPECIALISTS

READER_GROUPS = (SPECIALISTS, HEADS, ADMINISTRATION)
# Documents attached to applications must live in a collection only these groups may
# download from (/documents/ checks the collection, not the page).
DOCUMENTS_COLLECTION = "Paraiškų dokumentai"


def ensure_private(index_page):
    """Give `index_page` its group restriction (idempotent); returns the restriction."""
    restriction = PageViewRestriction.objects.filter(
        page=index_page, restriction_type=PageViewRestriction.GROUPS
    ).first()
    if restriction is None:
        # Any other kind (a password, "signed in") is replaced, not kept beside it.
        PageViewRestriction.objects.filter(page=index_page).delete()
        restriction = PageViewRestriction.objects.create(
            page=index_page, restriction_type=PageViewRestriction.GROUPS
        )
    groups = Group.objects.filter(name__in=READER_GROUPS)
    restriction.groups.set(groups)
    ensure_documents_collection()
    return restriction


def ensure_documents_collection():
    """The collection for application documents, downloadable by the staff groups only."""
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=DOCUMENTS_COLLECTION).first()
    if collection is None:
        collection = root.add_child(name=DOCUMENTS_COLLECTION)
    restriction = CollectionViewRestriction.objects.filter(
        collection=collection, restriction_type=CollectionViewRestriction.GROUPS
    ).first()
    if restriction is None:
        CollectionViewRestriction.objects.filter(collection=collection).delete()
        restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.GROUPS
        )
    restriction.groups.set(Group.objects.filter(name__in=READER_GROUPS))
    return collection


def document_is_private(document):
    """Whether only the staff groups may download `document` (its collection or an
    ancestor has a group restriction that leaves Other departments and the public out)."""
    collections = Collection.objects.ancestor_of(document.collection, inclusive=True)
    restrictions = CollectionViewRestriction.objects.filter(
        collection__in=collections, restriction_type=CollectionViewRestriction.GROUPS
    ).prefetch_related("groups")
    return any(
        not {group.name for group in r.groups.all()} - set(READER_GROUPS) for r in restrictions
    )


def on_index_saved(sender, instance, created, raw=False, **kwargs):
    """post_save of GrantApplicationIndexPage: make a new index private at once."""
    if raw:
        return
    if created or not PageViewRestriction.objects.filter(page=instance).exists():
        ensure_private(instance)


def in_private_tree(page):
    """Whether `page` is a grant application index or lies under one."""
    from .models import GrantApplicationIndexPage

    if page is None:
        return False
    return Page.objects.ancestor_of(page, inclusive=True).type(GrantApplicationIndexPage).exists()


def may_see_applications(user):
    """Whether `user` belongs to the groups that may read grant applications."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return bool(group_names(user) & set(READER_GROUPS))


def group_names(user):
    """The names of `user`'s groups, read once per request (kept on the user object):
    the private tree and the lifecycle's role checks both ask on every row and button."""
    names = getattr(user, "_grants_group_names", None)
    if names is None:
        names = frozenset(user.groups.values_list("name", flat=True))
        user._grants_group_names = names
    return names


def outside_private_tree(user, match):
    """admin_access rule for the privacy dialog and translation: never for the private
    tree (a copy in another language would not carry the folder's restriction)."""
    page = Page.objects.filter(pk=match.kwargs.get("page_id")).first()
    return not in_private_tree(page)
