"""The fakes read multipart uploads as strictly as a network's web framework: what
the adapters send is read back exactly, a broken body is refused."""

import pytest
import requests

from tests.editorial.social.fakes.base import MalformedRequest, _parse_multipart


def prepared(data, files):
    request = requests.Request("POST", "http://127.0.0.1/", data=data, files=files).prepare()
    return request.headers["Content-Type"], request.body


def test_what_requests_sends_is_read_back_exactly():
    image = b"\xff\xd8\xff\r\n--not-the-boundary\r\n\r\n\xff\xd9"
    content_type, body = prepared(
        {"description": 'Skaitytojai „bibliotekoje" ąčęėįšųūž', "focus": ["0.1", "0.2"]},
        {"file": ("skaitykla-ąč.jpg", image, "image/jpeg")},
    )
    form, files = _parse_multipart(content_type, body)
    assert form == {
        "description": ['Skaitytojai „bibliotekoje" ąčęėįšųūž'],
        "focus": ["0.1", "0.2"],
    }
    assert files == {
        "file": {"filename": "skaitykla-ąč.jpg", "content_type": "image/jpeg", "data": image}
    }


@pytest.mark.parametrize(
    "damage",
    [
        lambda body: body[:-8],  # the closing boundary cut off
        lambda body: body.replace(b"form-data", b"attachment", 1),
        lambda body: body.replace(b'; name="description"', b"", 1),
        lambda body: body.replace(b"\r\n\r\n", b"\r\n", 1),  # no blank line after headers
        lambda body: body.replace(b"Content-Disposition:", b"Content-Disposition", 1),
        lambda body: b"",
    ],
)
def test_a_broken_body_is_refused(damage):
    content_type, body = prepared({"description": "Tekstas"}, {"file": ("a.jpg", b"x")})
    with pytest.raises(MalformedRequest):
        _parse_multipart(content_type, damage(body))


def test_a_body_without_a_boundary_is_refused():
    _, body = prepared({"description": "Tekstas"}, {"file": ("a.jpg", b"x")})
    with pytest.raises(MalformedRequest):
        _parse_multipart("multipart/form-data", body)


def test_the_fake_answers_a_broken_upload_with_400():
    from tests.editorial.social.fakes import FakeMastodon

    content_type, body = prepared({"description": "Tekstas"}, {"file": ("a.jpg", b"x")})
    with FakeMastodon() as fake:
        answer = requests.post(
            fake.url + "/api/v2/media",
            data=body[:-8],
            headers={"Content-Type": content_type, "Authorization": f"Bearer {fake.token}"},
            timeout=5,
        )
    assert answer.status_code == 400
    assert fake.published == []


def test_the_fake_answers_a_broken_json_body_with_400():
    from tests.editorial.social.fakes import FakeMastodon

    with FakeMastodon() as fake:
        answer = requests.post(
            fake.url + "/api/v1/statuses",
            data=b'{"status": "Tekstas",',
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {fake.token}"},
            timeout=5,
        )
    assert answer.status_code == 400
    assert fake.published == []
