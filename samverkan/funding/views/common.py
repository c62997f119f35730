"""What every money view does first: find the förbund and what the user may see of it."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from samverkan.funding import policy
from samverkan.funding.models import Intervention
from samverkan.structure import policy as structure_policy


def federation_and_scope(request):
    """(federation, FundingScope) for a reader; 403 with the reason for anyone else."""
    federation = structure_policy.federation_of(request.user)
    scope = policy.funding_scope(request.user, federation)
    if scope is None:
        raise PermissionDenied(
            _(
                "Ekonomin läses av förbundets kansli, Länsledning och styrelsen samt av "
                "Mysam-gruppernas ledamöter för sin kommun."
            )
        )
    return federation, scope


def require_manager(request, federation):
    """403 unless the user may change the förbund's money."""
    if not policy.can_manage_funding(request.user, federation):
        raise PermissionDenied(_("Bara förbundets administratörer ändrar ekonomin."))


def visible_intervention(request, code):
    """(intervention, federation, scope): 404 when it does not exist or is not the reader's."""
    federation, scope = federation_and_scope(request)
    queryset = Intervention.objects.filter(federation=federation).filter(scope.interventions())
    intervention = get_object_or_404(queryset.distinct(), code=code)
    return intervention, federation, scope
