import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from lms.accounts.models import User
from tests.factories import UserFactory
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db


def test_email_is_stored_trimmed_and_lower_cased():
    user = User.objects.create_user("  Ana@Example.COM ", "pw-not-used-here")
    assert user.email == "ana@example.com"


def test_same_email_in_another_case_is_one_person_at_the_database():
    UserFactory(email="ana@x.com")
    with pytest.raises(IntegrityError), transaction.atomic():
        # Bypass save()'s normalisation: the database constraint still refuses.
        User.objects.bulk_create([User(email="ANA@X.COM", password="!")])


def test_same_email_in_another_case_fails_validation_with_a_message():
    UserFactory(email="ana@x.com")
    duplicate = User(email="Ana@X.com", password="!")
    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()
    assert "already exists" in str(excinfo.value)


def test_names_are_stored_nfc_normalised():
    decomposed = "Siobha\u0301n"
    user = UserFactory(first_name=decomposed, last_name=" Kelly ")
    user.refresh_from_db()
    assert user.first_name == "Siobh\u00e1n"
    assert user.last_name == "Kelly"


def test_login_accepts_the_email_in_any_case(client):
    UserFactory(email="ana@x.com")
    response = client.post(
        reverse("accounts:login"), {"username": "ANA@x.Com", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("dashboard:home")


def test_wagtail_user_admin_refuses_an_address_that_differs_only_in_case(client, administrator):
    UserFactory(email="ana@x.com")
    administrator.is_superuser = True
    administrator.save()
    client.force_login(administrator)
    response = client.post(
        reverse("wagtailusers_users:add"),
        {
            "email": "Ana@X.com",
            "first_name": "Ana",
            "last_name": "Again",
            "password1": "a-Long-unusual-passphrase-42",
            "password2": "a-Long-unusual-passphrase-42",
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert User.objects.filter(email__iexact="ana@x.com").count() == 1


def test_wagtail_user_admin_saves_profile_fields(client, administrator, organisation):
    administrator.is_superuser = True
    administrator.save()
    client.force_login(administrator)
    response = client.post(
        reverse("wagtailusers_users:add"),
        {
            "email": "New.Person@Example.com",
            "first_name": "New",
            "last_name": "Person",
            "organisation": organisation.pk,
            "department": "Warehouse",
            "password1": "a-Long-unusual-passphrase-42",
            "password2": "a-Long-unusual-passphrase-42",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    person = User.objects.get(email="new.person@example.com")
    assert person.organisation == organisation
    assert person.department == "Warehouse"
