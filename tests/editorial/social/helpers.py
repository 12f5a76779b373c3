"""Helpers for pipeline tests: channels pointing at a fake network, approved posts."""

from editorial.social.factories import ChannelFactory, SocialPostFactory


def channel_for(fake, **fields):
    """A channel of the fake's network; its fixture points the adapter at the fake
    (settings.SOCIAL_API_BASE_OVERRIDES), not the channel."""
    fields.setdefault("name", f"{fake.network} paskyra")
    fields.setdefault("api_base", fake.instance)
    return ChannelFactory(
        network=fake.network,
        account_id=fake.account_id,
        token=fake.token,
        **fields,
    )


def approve(post, author, head):
    """The specialist submits the post, the head approves it: it is published."""
    post.save_revision(user=author)
    workflow = post.get_workflow()
    state = workflow.start(post, author)
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, head, "approve")
    post.refresh_from_db()
    return post


def published_post(channels, author, head, images=0, **fields):
    post = SocialPostFactory(channels=channels, images=images, author=author, **fields)
    return approve(post, author, head)
