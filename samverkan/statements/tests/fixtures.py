"""The statements' test world: a förbund alone in the service, and reports sent to `world`'s.

`world` (the structure's fixtures) has two förbund, so its bare public addresses list them to
choose from; `lone_federation` is the service with a single förbund, whose texts the bare
addresses show at once. Loaded for the whole suite by the root `conftest.py`.
"""

import pytest

from samverkan.statements import services
from tests.factories import make_federation, make_municipality, make_party


@pytest.fixture
def lone_federation(db):
    """The only förbund in the service, with two agencies and a municipality."""
    federation = make_federation(name="Samordningsförbundet Ensamlän", slug="ensamlan")
    make_party(federation, name="Försäkringskassan", code="fk", order=1)
    make_party(federation, name="Arbetsförmedlingen", code="af", order=2)
    make_municipality(federation, name="Ettby", code="8201")
    return federation


@pytest.fixture
def open_report(world):
    """A report sent to `world`'s förbund by someone who wants an answer, not yet handled."""
    return services.record_report(
        world.federation,
        description="Knappen Skicka går inte att nå med tangentbordet.",
        page_address="/om/tillganglighet/",
        name="Tove Tangentsson",
        email="tove@example.org",
    )


@pytest.fixture
def other_report(world):
    """A report sent to the other förbund of `world`."""
    return services.record_report(
        world.other_federation, description="Kontrasten är för låg i sidfoten."
    )
