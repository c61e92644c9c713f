"""Evidence that a person works for an organisation: their e-mail domain is its web domain.

Pure functions (no Django): the approver of a claim is told when the evidence holds, and
the claimant is offered the organisations it points to.
"""

from __future__ import annotations

from urllib.parse import urlsplit

__all__ = ["email_domain", "matches_website", "website_domain"]

# Addresses at these providers say nothing about an employer.
PUBLIC_MAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "yahoo.com",
        "icloud.com",
        "gmx.de",
        "gmx.net",
        "web.de",
        "orange.fr",
        "proton.me",
        "protonmail.com",
        "mail.com",
        "example.com",
    }
)


def email_domain(email: str) -> str:
    """The lower-cased domain of an e-mail address, or "" when it has none.

    >>> email_domain("Ana.Ruiz@Lumen-Optics.example")
    'lumen-optics.example'
    """
    _, at, domain = email.strip().rpartition("@")
    return domain.lower().rstrip(".") if at else ""


def website_domain(website: str) -> str:
    """The host of a website address without ``www.``, lower-cased ("" when none).

    >>> website_domain("https://www.lumen-optics.example/about")
    'lumen-optics.example'
    """
    text = website.strip()
    if not text:
        return ""
    if "://" not in text:
        text = "http://" + text
    host = (urlsplit(text).hostname or "").lower().rstrip(".")
    return host.removeprefix("www.")


def matches_website(email: str, website: str) -> bool:
    """Whether an address belongs to the website's domain or one of its subdomains.

    Public mail providers never count as evidence.

    >>> matches_website("ana@lab.lumen-optics.example", "https://lumen-optics.example")
    True
    >>> matches_website("ana@gmail.com", "https://gmail.com")
    False
    """
    mail = email_domain(email)
    site = website_domain(website)
    if not mail or not site or mail in PUBLIC_MAIL_DOMAINS:
        return False
    return mail == site or mail.endswith("." + site)
