"""The text a channel receives: one composition for the editor's counters, the
validation and the adapters, so what is counted is what is checked and sent."""

from .rules import rules_for


def compose_text(network, text: str, link: str = "", with_media: bool = False) -> str:
    """The text the network will actually receive. Where the API has no link field
    (or, on Facebook, when photos take the place of the link preview) the link is
    appended on its own line, unless the text already contains it."""
    text = (text or "").strip()
    link = (link or "").strip()
    if not link:
        return text
    rules = rules_for(network)
    if rules.link_field and not with_media:
        return text
    if link in text:
        return text
    return f"{text}\n\n{link}" if text else link


def outgoing_text(content, channel) -> str:
    """The exact text `channel` receives for `content`: its own version (or the
    common text), the link with this channel's UTM tags where the network takes the
    link in the text, composed as `compose_text` does for the adapters.

    `content` is a SocialPost, a revision's object (`revision.as_object()`) or the
    editor's unsaved form state: anything with `text_for(channel)`,
    `link_for(channel)` and `images_for(channel)`. The editor's counters, the
    validation and the pipeline all call this, so the number shown while typing is
    the number enforced and the text sent."""
    return compose_text(
        channel.network,
        content.text_for(channel),
        content.link_for(channel),
        with_media=bool(content.images_for(channel)),
    )
