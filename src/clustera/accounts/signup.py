"""Signing up: an inactive account, and the signed, expiring, single-use link sent by
e-mail that verifies the address and activates it. Re-exported by ``services``."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext

from clustera.accounts import emails
from clustera.errors import InvalidInputError

__all__ = [
    "resend_verification",
    "send_verification",
    "sign_up",
    "verification_tokens",
    "verify_email",
    "check_sign_up",
]


class _VerificationTokens(PasswordResetTokenGenerator):
    """Signed, expiring (``PASSWORD_RESET_TIMEOUT``), single-use: activation changes the hash."""

    key_salt = "clustera.accounts.verify-email"

    def _make_hash_value(self, user: Any, timestamp: int) -> str:
        return f"{user.pk}{user.email}{user.is_active}{timestamp}"


verification_tokens = _VerificationTokens()


def _refuse(field: str, value: Any, errors: ValidationError | str) -> InvalidInputError:
    message = errors if isinstance(errors, str) else " ".join(errors.messages)
    return InvalidInputError(message, field=field, value=value)


def check_sign_up(username: str, email: str, password: str) -> None:
    user_model = get_user_model()
    if not username or len(username) > 150:
        raise _refuse("username", username, gettext("a user name has 1 to 150 characters"))
    try:
        user_model.username_validator(username)
    except ValidationError as exc:
        raise _refuse("username", username, exc) from None
    if user_model.objects.filter(username__iexact=username).exists():
        raise _refuse("username", username, gettext("this user name is taken"))
    try:
        validate_email(email)
    except ValidationError as exc:
        raise _refuse("email", email, exc) from None
    if user_model.objects.filter(email__iexact=email).exists():
        raise _refuse(
            "email",
            email,
            gettext("an account with this e-mail address exists: log in or reset its password"),
        )
    try:
        validate_password(password, user_model(username=username, email=email))
    except ValidationError as exc:
        raise _refuse("password", "(hidden)", exc) from None


@transaction.atomic
def sign_up(username: str, email: str, password: str, base_url: str = "") -> Any:
    """Create an inactive account and e-mail the link that verifies its address and activates it."""
    username, email = username.strip(), email.strip().lower()
    check_sign_up(username, email, password)
    user = get_user_model().objects.create_user(
        username=username, email=email, password=password, is_active=False
    )
    send_verification(user, base_url)
    return user


def send_verification(user: Any, base_url: str = "") -> None:
    """(Re)send the verification link of an inactive account; active accounts get nothing."""
    if user.is_active:
        return
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    path = reverse("accounts:verify", args=[uid, verification_tokens.make_token(user)])
    emails.send(
        "accounts/email/verify.txt",
        [user.email],
        {"user": user, "link": emails.site_url(base_url) + path, "valid_days": 3},
    )


def verify_email(uidb64: str, token: str) -> Any:
    """Activate the account the link names; refuse an altered, used or expired link."""
    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
    except (ValueError, UnicodeDecodeError):
        raise _refuse("link", uidb64, gettext("this verification link is not valid")) from None
    user = get_user_model().objects.filter(pk=pk).first()
    if user is None or not verification_tokens.check_token(user, token):
        raise _refuse(
            "link", uidb64, gettext("this verification link is not valid, already used or expired")
        )
    user.is_active = True
    user.save(update_fields=["is_active"])
    return user


def resend_verification(email: str, base_url: str = "") -> None:
    """Send a new link to the inactive account with this address; silent otherwise, so that
    the answer does not tell who has an account."""
    user = (
        get_user_model()
        .objects.filter(email__iexact=email.strip(), is_active=False)
        .order_by("pk")
        .first()
    )
    if user is not None:
        send_verification(user, base_url)
