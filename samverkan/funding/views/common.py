"""What every money view does first: find the förbund and what the user may see of it, and load
the objects a URL names.

Each object has a loader for reading and one for changing, as healthchecks'
`_get_check_for_user` and `_get_rw_check_for_user`: the reading one answers 403 with the reason
to anyone who reads none of the förbund's money and 404 for an object that does not exist or is
not the reader's; the changing one reads first, then answers 403 to anyone but the förbund's
administrators. Views load objects named by the URL through these only.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from samverkan.funding import policy
from samverkan.funding.models import SpendingImport
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


def manager_federation(request):
    """The förbund whose money the user changes; 403 for anyone else, whatever they may read."""
    federation = structure_policy.federation_of(request.user)
    require_manager(request, federation)
    return federation


# --- Interventions ------------------------------------------------------------------------------


def intervention_for(request, code):
    """(intervention, federation, scope): 404 when it does not exist or is not the reader's."""
    federation, scope = federation_and_scope(request)
    intervention = get_object_or_404(policy.visible_interventions(federation, scope), code=code)
    return intervention, federation, scope


def intervention_to_change(request, code):
    """(intervention, federation) for an administrator; as `intervention_for`, then 403."""
    intervention, federation, _scope = intervention_for(request, code)
    require_manager(request, federation)
    return intervention, federation


def goal_to_change(request, code, pk):
    """(goal, intervention) for an administrator; 404 for a goal of another intervention."""
    intervention, _federation = intervention_to_change(request, code)
    return get_object_or_404(intervention.goals, pk=pk), intervention


# --- Applications -------------------------------------------------------------------------------


def application_for(request, pk):
    """(application, federation, scope): 404 when it does not exist or is not the reader's."""
    federation, scope = federation_and_scope(request)
    queryset = policy.visible_applications(federation, scope).select_related(
        "applicant_group", "applicant_party", "intervention"
    )
    return get_object_or_404(queryset.distinct(), pk=pk), federation, scope


def application_to_change(request, pk):
    """(application, federation) for an administrator; as `application_for`, then 403."""
    application, federation, _scope = application_for(request, pk)
    require_manager(request, federation)
    return application, federation


# --- Imports of outcome -------------------------------------------------------------------------


def spending_import_to_change(request, pk):
    """(import, federation): 403 for anyone but an administrator, then 404 for an import that is
    not of their förbund. Only administrators see imports, so there is no reading loader."""
    federation = manager_federation(request)
    return get_object_or_404(SpendingImport, pk=pk, federation=federation), federation
