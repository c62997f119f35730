"""The follow-up measures a goal can name, so that the follow-up shows the goal's target beside
its figure.

The measures belong to the follow-up (`samverkan.followup`, above this app): it registers them
here when it is ready, and a goal stores the key. Funding itself knows no measure, so it works
without the follow-up, and a goal without a measure is followed up in words only.
"""

MEASURES = {}  # key -> label, in the order registered


def register(measures):
    """Add {key: label} to the measures a goal can name."""
    MEASURES.update(measures)


def choices():
    return list(MEASURES.items())


def label(key):
    return MEASURES.get(key, key)
