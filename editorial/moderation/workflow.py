"""The one moderation workflow, described as data and set up idempotently.

Used by the data migration and by `ensure_moderation_workflow` for databases
that were flushed (tests) or predate a moderated model.
"""

from cms.roles import HEADS

WORKFLOW_NAME = "Specialistas → Skyriaus vadovas"  # "Specialist → Department head"
TASK_NAME = "Skyriaus vadovo patvirtinimas"  # "Department head approval"


def ensure_moderation_workflow(apps, moderated_models=()):
    """Create the workflow, its head-approval task, and assign it.

    It is assigned to the root page (so every page tree) and to the content types of
    `moderated_models` ("app_label.ModelName"), which later apps pass in their own
    migrations. Returns the workflow.
    """
    Group = apps.get_model("auth", "Group")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    Page = apps.get_model("wagtailcore", "Page")
    HeadApprovalTask = apps.get_model("moderation", "HeadApprovalTask")

    heads, _ = Group.objects.get_or_create(name=HEADS)
    task_ct, _ = ContentType.objects.get_or_create(app_label="moderation", model="headapprovaltask")
    task = HeadApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = HeadApprovalTask.objects.create(name=TASK_NAME, content_type=task_ct, active=True)
    task.groups.add(heads)

    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})

    root = Page.objects.filter(depth=1).first()
    if root is not None:
        WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})

    for dotted in moderated_models:
        app_label, model = dotted.lower().split(".")
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        WorkflowContentType.objects.update_or_create(
            content_type=content_type, defaults={"workflow": workflow}
        )
    return workflow
