# Meetings are run through their own pages, which apply the rules of each meeting's date, keep
# published minutes unchanged and send calendar updates. The admin would bypass all of that, so
# the meeting models are not registered here.
