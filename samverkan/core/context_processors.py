from django.utils.functional import SimpleLazyObject

from samverkan.core import policy


def navigation(request):
    """What the page frame needs: the förbund the user works in, named in the header.

    Lazy, so pages that do not show it (and anonymous pages) run no query for it.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"current_federation": SimpleLazyObject(lambda: policy.federation_of(user))}
