"""Page sections that a higher app adds to a lower app's page, through a signal.

A lower app may not import the apps above it, yet some of its pages show what those apps hold
(a group's page links to its meetings; a team meeting lists its cases). The lower app declares a
signal in its `signals.py` and renders what the receivers give; the higher app connects a
receiver in its `AppConfig.ready`. Each receiver decides access with its own app's policy and
returns a section as safe HTML, or "" when it has nothing for this user.
"""


def page_sections(signal, sender, **kwargs):
    """The sections that the receivers of `signal` give for one page, in the order connected."""
    return [section for _receiver, section in signal.send(sender=sender, **kwargs) if section]
