from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

from samverkan.core.public import is_public


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Swedish unless the user chose another language in the page's language menu.

    The browser's Accept-Language is not asked: staff of Swedish agencies often run English
    browsers, and the service is Swedish first.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class SignInRequiredMiddleware(LoginRequiredMiddleware):
    """Every route requires sign-in except those in `core.public.PUBLIC_ROUTES`.

    Unlike Django's own middleware this ignores a view's `login_not_required` mark: which routes
    are public is decided in one list, not by each view (Django marks its own sign-in and password
    views that way, and they are on the list).
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.user.is_authenticated or is_public(request.resolver_match):
            return None
        return self.handle_no_permission(request, view_func)
