"""A specialist sets up a weekly rubric in the browser; once the head approves it, its
empty slot is in My work ("Rubrikų tarpai") and "Sukurti įrašą" opens a prefilled post."""

import re

import pytest
from playwright.sync_api import expect

from editorial.campaigns.models import Rubric
from editorial.social.factories import ChannelFactory
from tests.e2e.admin_session import lithuanian, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_specialist_sets_up_a_rubric_and_starts_a_post_from_its_slot(
    browser, live_server, specialist, head
):
    channel = ChannelFactory(name="Bibliotekos Facebook")
    page = sign_in(browser, live_server, lithuanian(specialist))

    page.goto(f"{live_server.url}/admin/snippets/campaigns/rubric/add/")
    page.fill("#id_name", "Knygų rekomendacija")
    page.locator(f"input[name=channels][value='{channel.pk}']").check()
    for day in range(7):  # every day: a slot is near whatever today is
        page.locator(f"input[name=weekdays][value='{day}']").check()
    page.fill("#id_template_text", "Šios dienos knyga:")
    page.fill("#id_default_hashtags", "#KnygųRekomendacija")
    page.get_by_role("button", name=re.compile("Išsaugoti juodraštį")).click()
    page.wait_for_url(re.compile(r".*/admin/snippets/campaigns/rubric/edit/\d+/"))

    rubric = Rubric.objects.get(name="Knygų rekomendacija")
    assert rubric.weekdays == "0,1,2,3,4,5,6" and rubric.owner == specialist
    rubric.get_latest_revision().publish(user=head, skip_permission_checks=True)  # approved

    page.goto(f"{live_server.url}/admin/my-work/")
    section = page.locator("#my-work-rubric_gaps")
    expect(section).to_contain_text("Rubrikų tarpai")
    row = section.locator("tr.my-work-item", has_text="Knygų rekomendacija").first
    expect(row).to_contain_text("Nėra įrašo")
    row.locator("a.my-work-action").click()
    page.wait_for_url(re.compile(r".*/admin/snippets/social/socialpost/add/\?rubric=.*"))
    expect(page.locator("#id_text")).to_have_value("Šios dienos knyga:\n\n#KnygųRekomendacija")
    expect(page.locator(f"input[name=channels][value='{channel.pk}']")).to_be_checked()
    expect(page.locator("#id_title")).to_have_value(re.compile(r"Knygų rekomendacija – \d{4}-"))
