from samverkan.core import policy


def navigation(request):
    """What the page frame needs: the user's förbund and whether they may edit its structure."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    federation = policy.federation_of(user)
    return {
        "current_federation": federation,
        "may_edit_structure": policy.can_edit_structure(user, federation),
    }
