"""The one list of routes that answer without sign-in.

Every other route sends an anonymous visitor to the sign-in page first (`core.middleware.
SignInRequiredMiddleware`), whatever its view says of itself; the route-coverage test holds every
route in the URL configuration against this list. A feature that adds a public route adds its
name here, with the reason, and nowhere else.
"""

PUBLIC_ROUTES = frozenset(
    {
        # Signing in, and a new password by e-mail for those who forgot theirs.
        "login",
        "password_reset",
        "password_reset_done",
        "password_reset_confirm",
        "password_reset_complete",
        # The Django admin's own sign-in form (system administrators).
        "admin:login",
        # The language menu is on the sign-in page too.
        "set_language",
        # The participant survey's one-time link: the individual has no account; the secret
        # token is the key, and the page shows no personal data.
        "survey_answer",
        # The accessibility statement (lag 2018:1937) and the privacy notice (GDPR art. 13-14)
        # are owed to everyone, signed in or not; so is the form for reporting an accessibility
        # problem and the page thanking for a report. Editing them and reading the reports are
        # not public.
        "statements:accessibility",
        "statements:accessibility_for",
        "statements:report_sent",
        "statements:privacy",
        "statements:privacy_for",
        # The personal calendar feed, polled by calendar programs that cannot sign in: the secret,
        # revocable address is the key.
        "calendar_feed",
    }
)


def is_public(resolver_match):
    """Whether the resolved route answers without sign-in."""
    return resolver_match is not None and resolver_match.view_name in PUBLIC_ROUTES
