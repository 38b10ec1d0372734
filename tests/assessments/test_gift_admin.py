"""GIFT import and export in the Wagtail admin, through their URL names."""

import html
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lms.accounts.roles import Role
from lms.assessments.models import Question
from lms.audit.models import AuditEvent
from tests.factories.accounts import UserFactory
from tests.factories.assessments import QuestionBankFactory

pytestmark = pytest.mark.django_db

GOOD = """\
$CATEGORY: $course$/top/Security

::XSS::[html]<p>Is <b>this</b> safe?<script>alert('x')</script></p>{FALSE#No#Right}

::Headers::Which header stops sniffing?{=X-Content-Type-Options ~X-Frame-Options}

::Ports::HTTPS port?{#443}
"""
BAD = GOOD + "\n::Broken::Pick one {~a ~b}\n\nA description only.\n"


@pytest.fixture
def author(db):
    return UserFactory(email="author@example.com", roles=[Role.AUTHOR])


@pytest.fixture
def bank(db):
    return QuestionBankFactory(name="Web security")


def check(client, bank, **data):
    return client.post(reverse("assessments_gift:import", args=[bank.pk]), data)


def lines(html, table):
    section = html.split(f'id="{table}"', 1)[1].split("</table>", 1)[0]
    return [int(n) for n in re.findall(r"<tr>\s*<td>(\d+)</td>", section)]


@pytest.mark.parametrize("role", [Role.AUTHOR, Role.ADMINISTRATOR])
def test_the_bank_listing_offers_import_and_export_to_authors(client, bank, role):
    client.force_login(UserFactory(roles=[role]))

    page = client.get(reverse("questionbank:index")).content.decode()

    assert "Web security" in page
    assert reverse("assessments_gift:import", args=[bank.pk]) in page
    assert reverse("assessments_gift:export", args=[bank.pk]) in page


def test_the_bank_listing_offers_no_import_to_instructors(client, instructor, bank):
    client.force_login(instructor)

    page = client.get(reverse("questionbank:index")).content.decode()

    assert "Web security" in page
    assert reverse("assessments_gift:import", args=[bank.pk]) not in page
    assert reverse("assessments_gift:export", args=[bank.pk]) not in page


def test_pasted_text_is_previewed_then_imported(client, author, bank):
    client.force_login(author)
    assert client.get(reverse("assessments_gift:import", args=[bank.pk])).status_code == 200

    response = check(client, bank, text=GOOD, action="check")

    page = response.content.decode()
    assert response.status_code == 200
    assert lines(page, "gift-questions") == [3, 5, 7]
    assert "True / false" in page and "Single choice" in page and "Numerical" in page
    assert "<li>False</li>" in page
    assert "<li>X-Content-Type-Options</li>" in page
    assert "<li>443</li>" in page
    assert "<td>Security</td>" in page
    assert "<script>alert(" not in page
    assert 'id="gift-errors"' not in page
    assert re.search(r'value="import_all"\s*>', page)  # not disabled
    assert 'value="import_valid"' not in page
    assert not Question.objects.exists()

    # The preview carries the text in a hidden field to the import button.
    gift = html.unescape(re.search(r'name="gift" value="([^"]*)"', page).group(1))
    assert gift == GOOD
    response = client.post(
        reverse("assessments_gift:import", args=[bank.pk]), {"gift": gift, "action": "import_all"}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("questionbank:index")
    assert sorted(Question.objects.filter(bank=bank).values_list("name", flat=True)) == [
        "Headers",
        "Ports",
        "XSS",
    ]
    xss = Question.objects.get(name="XSS").current_version
    assert xss.text == "<p>Is <b>this</b> safe?</p>"
    assert AuditEvent.objects.filter(action="questions.imported", actor=author).count() == 1


def test_an_uploaded_file_is_previewed_with_every_rejected_question(client, author, bank):
    client.force_login(author)
    upload = SimpleUploadedFile("web.gift.txt", BAD.encode(), content_type="text/plain")

    page = check(client, bank, file=upload, action="check").content.decode()

    assert lines(page, "gift-questions") == [3, 5, 7]
    assert lines(page, "gift-errors") == [9, 11]
    assert "no correct answer (no answer has a positive weight)" in page
    assert "description items are not questions" in page
    assert re.search(r'value="import_all"\s*disabled', page)
    assert "Import only the 3 valid questions" in page


def test_import_all_is_refused_when_some_questions_have_errors(client, author, bank):
    client.force_login(author)

    response = check(client, bank, gift=BAD, action="import_all")

    assert response.status_code == 200
    assert "Nothing was imported" in response.content.decode()
    assert not Question.objects.exists()


def test_import_only_the_valid_questions(client, author, bank):
    client.force_login(author)

    response = check(client, bank, gift=BAD, action="import_valid")

    assert response.status_code == 302
    assert Question.objects.filter(bank=bank).count() == 3


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "   "}, "Upload a GIFT file or paste GIFT text."),
        (
            {"file": SimpleUploadedFile("q.docx", b"x")},
            "Upload a .txt or .gift file; “q.docx” is neither.",
        ),
        (
            {"file": SimpleUploadedFile("q.txt", "Café{T}".encode("latin-1"))},
            "The file is not UTF-8",
        ),
    ],
)
def test_the_form_says_what_is_wrong_with_the_upload(client, author, bank, data, message):
    client.force_login(author)

    page = check(client, bank, action="check", **data).content.decode()

    assert message in page


def test_export_downloads_the_bank_as_an_attachment(client, author, bank):
    client.force_login(author)
    check(client, bank, gift=GOOD, action="import_all")

    response = client.get(reverse("assessments_gift:export", args=[bank.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="web-security.gift.txt"'
    assert response["X-Content-Type-Options"] == "nosniff"
    body = response.content.decode()
    assert "$CATEGORY: Security" in body
    assert "::Ports::[html]<p>HTTPS port?</p>{#\n\t=%100%443\n}" in body


def gift_views(bank):
    return [
        ("get", reverse("assessments_gift:import", args=[bank.pk]), {}),
        ("post", reverse("assessments_gift:import", args=[bank.pk]), {"text": GOOD}),
        (
            "post",
            reverse("assessments_gift:import", args=[bank.pk]),
            {"gift": GOOD, "action": "import_all"},
        ),
        ("get", reverse("assessments_gift:export", args=[bank.pk]), {}),
    ]


@pytest.mark.parametrize("role", [Role.INSTRUCTOR, Role.COORDINATOR, Role.SUPPORT])
def test_admin_users_without_add_question_are_turned_away(client, bank, role):
    client.force_login(UserFactory(roles=[role]))

    for method, url, data in gift_views(bank):
        response = getattr(client, method)(url, data)
        # Wagtail turns the PermissionDenied into a redirect to the dashboard
        # with "you do not have permission".
        assert response.status_code == 302, (method, url)
        assert response["Location"] == reverse("wagtailadmin_home"), (method, url)
    assert not Question.objects.exists()


def test_a_learner_cannot_reach_any_gift_view(client, learner, bank):
    client.force_login(learner)

    for method, url, data in gift_views(bank):
        response = getattr(client, method)(url, data)
        assert response.status_code == 302, (method, url)
        assert response["Location"].startswith(reverse("wagtailadmin_login")), (method, url)
    assert not Question.objects.exists()


def test_an_unknown_bank_is_not_found(client, author):
    client.force_login(author)

    assert client.get(reverse("assessments_gift:import", args=[999])).status_code == 404
    assert client.get(reverse("assessments_gift:export", args=[999])).status_code == 404


def test_a_file_over_the_limit_is_refused_with_both_sizes(client, author, bank, monkeypatch):
    monkeypatch.setattr("lms.assessments.gift_views.MAX_UPLOAD_BYTES", 100)
    client.force_login(author)
    upload = SimpleUploadedFile("big.txt", GOOD.encode())

    page = check(client, bank, file=upload, action="check").content.decode()

    assert "GIFT files may be up to 100" in page
    assert not Question.objects.exists()


def test_importing_nothing_says_so(client, author, bank):
    client.force_login(author)

    response = check(client, bank, gift="// only a comment\n", action="import_all")

    assert "There are no questions to import." in response.content.decode()
    assert not Question.objects.exists()
