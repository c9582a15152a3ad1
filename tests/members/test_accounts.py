"""Accounts end to end: open signup with email verification and approval, invitations,
two-factor authentication for moderators, login rate limits, account deletion."""

import re
import runpy

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from wagtail.models import ModelLogEntry

from mariupol_reborn.settings import base as base_settings
from members.models import Invitation, Membership, Role
from tests.factories import PASSWORD, MemberFactory
from tests.helpers import city, totp_code

pytestmark = pytest.mark.django_db
User = get_user_model()


def link_in(message):
    return re.search(r"http://testserver(/\S+)", message.body).group(1)


def sign_up(client, email, path="/en/accounts/signup/", **fields):
    data = {
        "email": email,
        "password1": PASSWORD,
        "password2": PASSWORD,
        "first_name": "Iryna",
        "last_name": "Koval",
        **fields,
    }
    return client.post(path, data)


def test_open_signup_needs_a_verified_email_and_an_approval(client):
    coordinator = MemberFactory(role=Role.COORDINATOR, city="lviv")
    MemberFactory(role=Role.COORDINATOR, city="utrecht")  # of another city: not told
    moderator = MemberFactory(role=Role.MODERATOR, city="gdansk")

    response = sign_up(client, "iryna@example.org", city=city("lviv").pk, motivation="Planner")
    assert response.status_code == 302
    membership = User.objects.get(email="iryna@example.org").membership
    assert membership.status == Membership.Status.PENDING and membership.city == city("lviv")

    # No way in before the address is confirmed.
    client.logout()
    login = client.post("/en/accounts/login/", {"login": "iryna@example.org", "password": PASSWORD})
    assert login.status_code == 302 and "confirm-email" in login["Location"]
    confirmation = next(m for m in mail.outbox if "iryna@example.org" in m.to)
    # allauth's greeting names the platform, not the host the request came in on.
    assert "Hello from Mariupol Reborn learning platform!" in confirmation.body
    # Nobody hears of the request before the address is confirmed.
    assert not [m for m in mail.outbox if "asks to join" in m.body]
    key_url = link_in(confirmation)
    client.post(key_url)

    # The city's coordinator and the moderators hear of the request; other cities do not.
    # One email each, so that nobody sees the others' addresses.
    told = [m.to for m in mail.outbox if "asks to join" in m.body]
    assert sorted(told) == sorted([[coordinator.email], [moderator.email]])

    # Signed in but pending: their own account only.
    client.post("/en/accounts/login/", {"login": "iryna@example.org", "password": PASSWORD})
    assert "waiting for approval" in client.get("/en/accounts/me/").content.decode()
    assert client.get("/en/experts/").status_code == 403
    assert client.get("/admin/").status_code == 403

    # The coordinator approves in the admin; the person is told and the log keeps it.
    client.force_login(coordinator)
    mail.outbox.clear()
    client.post(f"/admin/city-members/{membership.pk}/approve/")
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE
    assert mail.outbox[0].to == ["iryna@example.org"] and "approved" in mail.outbox[0].body
    entry = ModelLogEntry.objects.get(action="members.approve", object_id=str(membership.pk))
    assert entry.user == coordinator
    client.force_login(membership.user)
    assert client.get("/en/experts/").status_code == 200


def test_an_unconfirmed_address_is_flagged_and_cannot_be_approved(client):
    coordinator = MemberFactory(role=Role.COORDINATOR, city="lviv")
    sign_up(client, "unconfirmed@example.org", city=city("lviv").pk)
    assert not [m for m in mail.outbox if coordinator.email in m.to]
    membership = User.objects.get(email="unconfirmed@example.org").membership

    client.force_login(coordinator)
    listing = client.get("/admin/city-members/").content.decode()
    assert "Email address not confirmed" in listing
    assert f"/admin/city-members/{membership.pk}/approve/" not in listing
    response = client.post(f"/admin/city-members/{membership.pk}/approve/", follow=True)
    assert "has not confirmed their email address" in response.content.decode()
    membership.refresh_from_db()
    assert membership.status == Membership.Status.PENDING
    assert not membership.user.groups.exists()


def test_invitation_lands_on_signup_with_city_and_role_fixed(client):
    coordinator = MemberFactory(role=Role.COORDINATOR, city="utrecht")
    client.force_login(coordinator)
    client.post(
        "/admin/city-members/invite/",
        {
            "email": "sanne@example.org",
            "city": city("utrecht").pk,
            "role": Role.EXPERT,
            "language": "en",
        },
    )
    invitation = mail.outbox[-1]
    assert invitation.to == ["sanne@example.org"] and "Utrecht" in invitation.subject
    assert ModelLogEntry.objects.filter(action="members.invite").exists()

    client.logout()
    landing = client.get(link_in(invitation), follow=True)
    assert "You are invited to join Utrecht as Expert" in landing.content.decode()
    assert "Your city" not in landing.content.decode()  # no choice of city

    # The address came with the invitation: it is verified, the person is in at once.
    response = sign_up(client, "someone-else@example.org", city=city("gdansk").pk)
    assert response.status_code == 302
    user = User.objects.get(email="sanne@example.org")
    assert user.membership.role == Role.EXPERT and user.membership.city == city("utrecht")
    assert user.membership.status == Membership.Status.ACTIVE
    assert client.get("/admin/pages/").status_code == 200
    assert Invitation.objects.get(email="sanne@example.org").accepted_at is not None
    assert client.get(link_in(invitation)).status_code == 410  # used up


def test_coordinators_invite_only_to_their_city_and_its_roles(client):
    client.force_login(MemberFactory(role=Role.COORDINATOR, city="utrecht"))
    for city_slug, role in [("gdansk", Role.EXPERT), ("utrecht", Role.MODERATOR)]:
        response = client.post(
            "/admin/city-members/invite/",
            {"email": "x@example.org", "city": city(city_slug).pk, "role": role, "language": "en"},
        )
        assert response.status_code == 200 and response.context["form"].errors
    assert not Invitation.objects.exists() and not mail.outbox


def test_role_change_and_removal_are_audited_and_told(client):
    expert = MemberFactory(role=Role.EXPERT, city="utrecht")
    stranger = MemberFactory(role=Role.EXPERT, city="gdansk")
    client.force_login(MemberFactory(role=Role.COORDINATOR, city="utrecht"))
    listing = client.get("/admin/city-members/").content.decode()
    assert expert.email in listing and stranger.email not in listing
    client.post(f"/admin/city-members/{expert.membership.pk}/role/", {"role": Role.COORDINATOR})
    expert.refresh_from_db()
    assert expert.membership.role == Role.COORDINATOR
    assert expert.groups.filter(name="Utrecht: coordinators").exists()
    client.post(f"/admin/city-members/{expert.membership.pk}/remove/")
    expert = User.objects.get(pk=expert.pk)
    assert expert.membership.status == Membership.Status.REMOVED
    assert not expert.groups.exists()
    assert [m.to for m in mail.outbox] == [[expert.email], [expert.email]]
    actions = ModelLogEntry.objects.filter(object_id=str(expert.membership.pk))
    assert {e.action for e in actions} == {"members.change_role", "members.remove"}


def test_moderators_must_set_up_two_factor_authentication(client):
    moderator = MemberFactory(role=Role.MODERATOR, city="gdansk")
    Authenticator.objects.filter(user=moderator).delete()
    client.post("/en/accounts/login/", {"login": moderator.email, "password": PASSWORD})
    response = client.get("/admin/pages/")
    assert response.status_code == 302 and "/2fa/totp/activate/" in response["Location"]
    # allauth asks for the password again before a new authenticator is added.
    reauthenticate = client.get(response["Location"])["Location"]
    client.post(reauthenticate, {"password": PASSWORD})
    assert client.get("/en/accounts/2fa/totp/activate/").status_code == 200
    secret = client.session["mfa.totp.secret"]
    code = format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
    done = client.post("/en/accounts/2fa/totp/activate/", {"code": code}, follow=True)
    # The set-up ends on the recovery codes, which lead on to where the moderator was going.
    assert done.request["PATH_INFO"].endswith("/2fa/recovery-codes/")
    assert '<a class="button" href="/admin/pages/">Continue</a>' in done.content.decode()
    assert client.get("/admin/pages/").status_code == 200
    # Experts are not forced (but may choose to).
    client.force_login(MemberFactory(role=Role.EXPERT, city="utrecht"))
    assert client.get("/admin/").status_code == 200


def test_sign_in_with_two_factor_reaches_the_admin(client):
    moderator = MemberFactory(role=Role.MODERATOR, city="gdansk")
    response = client.post(
        "/en/accounts/login/?next=/admin/", {"login": moderator.email, "password": PASSWORD}
    )
    assert "/2fa/authenticate/" in response["Location"]
    response = client.post(response["Location"], {"code": totp_code(moderator)})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_wagtail_admin_login_goes_through_the_rate_limited_sign_in(client):
    assert "/accounts/login/" in client.get("/admin/login/")["Location"]
    moderator = MemberFactory(role=Role.MODERATOR, city="gdansk")
    for _attempt in range(5):
        response = client.post(
            "/en/accounts/login/", {"login": moderator.email, "password": "wrong"}
        )
        assert response.status_code == 200
    # From now on even the right password is refused for a while; the message says how long
    # and offers a new password.
    response = client.post("/en/accounts/login/", {"login": moderator.email, "password": PASSWORD})
    content = response.content.decode()
    assert "Too many failed sign-in attempts. Wait 5 minutes and try again" in content
    assert '<a href="/en/accounts/password/reset/">set a new password</a>' in content
    assert "_auth_user_id" not in client.session


def test_the_trusted_proxy_count_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("ALLAUTH_TRUSTED_PROXY_COUNT", "1")
    base = runpy.run_path(base_settings.__file__)
    assert base["ALLAUTH_TRUSTED_PROXY_COUNT"] == 1


def test_behind_the_proxy_each_client_has_its_own_limit(client, settings):
    """Every request comes from the proxy's address; the client's is in X-Forwarded-For."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1

    def fail_from(address, attempt):
        credentials = {"login": f"nobody{attempt}@example.org", "password": "wrong"}
        response = client.post("/en/accounts/login/", credentials, HTTP_X_FORWARDED_FOR=address)
        return "Too many failed sign-in attempts" in response.content.decode()

    assert not any(fail_from("203.0.113.7", attempt) for attempt in range(10))
    assert fail_from("203.0.113.7", 10)  # this client has used up its 10 a minute
    assert not fail_from("198.51.100.4", 11)  # another client behind the same proxy has not


def test_account_deletion_request_closes_the_account(client):
    admin = MemberFactory(role=Role.ADMINISTRATOR, city="lviv")
    member = MemberFactory(role=Role.MEMBER, city="mariupol")
    client.force_login(member)
    wrong = client.post("/en/accounts/delete/", {"password": "wrong"})
    assert "not correct" in wrong.content.decode()
    client.post("/en/accounts/delete/", {"password": PASSWORD})
    member.refresh_from_db()
    assert not member.is_active and member.membership.deletion_requested_at
    assert mail.outbox[-1].to == [admin.email]
    assert "_auth_user_id" not in client.session


def test_the_deletion_form_is_no_way_round_the_limit_on_wrong_passwords(client):
    member = MemberFactory(role=Role.MEMBER, city="mariupol")
    client.force_login(member)
    for _attempt in range(5):
        client.post("/en/accounts/delete/", {"password": "wrong"})
    response = client.post("/en/accounts/delete/", {"password": PASSWORD}, follow=True)
    assert '<a href="/en/accounts/password/reset/">set a new password</a>' in (
        response.content.decode()
    )
    member.refresh_from_db()
    assert member.is_active


def test_the_admin_sends_no_email_hashes_to_gravatar(client):
    client.force_login(MemberFactory(role=Role.MODERATOR, city="gdansk"))
    assert "gravatar" not in client.get("/admin/").content.decode()


def test_an_email_address_too_long_to_store_is_refused(client):
    """The longest address an account can hold is 254 characters; a longer one must not be cut
    into something else (once, into an address with no "@")."""
    too_long = "a" * 64 + "@" + "b" * 63 + "." + "c" * 63 + "." + "d" * 58 + ".org"
    assert len(too_long) == 255
    response = sign_up(client, too_long, city=city("lviv").pk)
    assert response.status_code == 200
    assert "at most 254 characters" in str(response.context["form"].errors["email"])
    assert not User.objects.exists() and not mail.outbox


class CountingHasher(MD5PasswordHasher):
    """The test hasher, counting how often a password is hashed."""

    hashed = 0

    def encode(self, password, salt):
        type(self).hashed += 1
        return super().encode(password, salt)


def test_signing_up_with_a_registered_address_looks_and_takes_the_same(client, settings):
    """Whether an address is registered shows neither in the answer nor in the time it takes:
    both branches hash the password, the slow part of creating an account."""
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    MemberFactory(role=Role.MEMBER, city="lviv", email="taken@example.org")
    answers = {}
    for email in ["new@example.org", "taken@example.org"]:
        CountingHasher.hashed = 0
        client.logout()
        response = sign_up(client, email, city=city("lviv").pk)
        answers[email] = (response.status_code, response["Location"], CountingHasher.hashed)
    assert answers["new@example.org"] == answers["taken@example.org"]
    assert answers["new@example.org"][2] == 1


def test_emails_reach_each_person_in_their_language(client):
    """An invitation in the language the coordinator chose, with a link to the Polish signup;
    the person signs up in Polish, and later emails to them are Polish too."""
    coordinator = MemberFactory(role=Role.COORDINATOR, city="warsaw")
    client.force_login(coordinator)
    client.post(
        "/admin/city-members/invite/",
        {
            "email": "ola@example.org",
            "city": city("warsaw").pk,
            "role": Role.EXPERT,
            "language": "pl",
        },
    )
    invitation = mail.outbox[-1]
    assert "Warszawa" in invitation.subject and "/pl/" in link_in(invitation)
    assert "zaprasza" in invitation.body and "invites" not in invitation.body
    client.logout()
    client.get(link_in(invitation), follow=True)
    sign_up(client, "ola@example.org", path="/pl/accounts/signup/")
    ola = User.objects.get(email="ola@example.org")
    assert ola.language == "pl"
    client.force_login(coordinator)
    client.post(f"/admin/city-members/{ola.membership.pk}/role/", {"role": Role.COORDINATOR})
    assert mail.outbox[-1].to == ["ola@example.org"]
    assert mail.outbox[-1].subject.endswith("Zmiana roli na platformie")
    assert "koordynator" in mail.outbox[-1].body.lower()


def test_a_coordinator_sees_resends_and_revokes_open_invitations(client):
    coordinator = MemberFactory(role=Role.COORDINATOR, city="utrecht")
    client.force_login(coordinator)
    form = client.get("/admin/city-members/invite/").content.decode()
    # Their only city is chosen already.
    assert f'<option value="{city("utrecht").pk}" selected>' in form
    data = {"email": "jan@example.org", "city": city("utrecht").pk, "role": Role.EXPERT}
    client.post("/admin/city-members/invite/", {**data, "language": "nl"})
    invitation = Invitation.objects.get(email="jan@example.org")
    listing = client.get("/admin/city-members/").content.decode()
    assert "Open invitations" in listing and "jan@example.org" in listing
    assert '<strong aria-current="true">All</strong>' in listing  # the active filter

    mail.outbox.clear()
    client.post(f"/admin/city-members/invitations/{invitation.pk}/resend/")
    assert mail.outbox[-1].to == ["jan@example.org"] and "/nl/" in link_in(mail.outbox[-1])
    link = link_in(mail.outbox[-1])
    client.post(f"/admin/city-members/invitations/{invitation.pk}/revoke/")
    assert not Invitation.objects.exists()
    assert ModelLogEntry.objects.filter(action="members.revoke_invitation").exists()
    client.logout()
    assert client.get(link).status_code == 404
    # Another city's coordinator cannot touch an invitation to Utrecht.
    other = Invitation.objects.create(email="x@example.org", city=city("utrecht"))
    client.force_login(MemberFactory(role=Role.COORDINATOR, city="gdansk"))
    assert client.post(f"/admin/city-members/invitations/{other.pk}/revoke/").status_code == 404


def test_the_last_coordinator_cannot_step_down(client):
    coordinator = MemberFactory(role=Role.COORDINATOR, city="lviv")
    client.force_login(coordinator)
    url = f"/admin/city-members/{coordinator.membership.pk}"
    refused = client.post(f"{url}/role/", {"role": Role.EXPERT}, follow=True).content.decode()
    assert "You are the only coordinator of Lviv" in refused
    client.post(f"{url}/remove/")
    coordinator.membership.refresh_from_db()
    assert coordinator.membership.role == Role.COORDINATOR
    assert coordinator.membership.status == Membership.Status.ACTIVE
    # With a second coordinator, the first may hand over.
    MemberFactory(role=Role.COORDINATOR, city="lviv", email="second@example.org")
    client.post(f"{url}/role/", {"role": Role.EXPERT})
    coordinator.membership.refresh_from_db()
    assert coordinator.membership.role == Role.EXPERT
