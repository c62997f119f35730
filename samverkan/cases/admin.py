# Cases are kept out of the Django admin on purpose: every read and change of an individual's
# personal data must go through the pages that check consent and write the access log.
