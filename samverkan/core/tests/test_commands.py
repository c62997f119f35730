"""Every management command of the project answers `--help` in Swedish, as an operator runs it."""

import pytest
from django.core.management import ManagementUtility, get_commands

OURS = sorted(name for name, app in get_commands().items() if app.startswith("samverkan."))


def test_the_project_has_commands():
    assert {"load_demo", "erase_closed_cases", "load_structure"} <= set(OURS)


@pytest.mark.parametrize("name", OURS)
def test_help_describes_the_command_and_its_options(name, capsys):
    with pytest.raises(SystemExit) as exit:
        ManagementUtility(["manage.py", name, "--help"]).execute()
    assert exit.value.code == 0
    out = capsys.readouterr().out
    assert f"manage.py {name}" in out
    # The description stands in the help, above the options.
    assert out.index("\n\n") < out.index("options:")
