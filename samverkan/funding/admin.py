# Money changes through its own pages, which keep decisions unchanged (a new decision supersedes
# the old), check amounts and periods, and import all or nothing. The admin would bypass that,
# so the funding models are not registered here.
