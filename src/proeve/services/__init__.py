"""REST endpoints of Proeve: one folder per endpoint, as plone.restapi does."""
