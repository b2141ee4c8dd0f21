"""The login rules: who a request runs as, how long a token lives, how password guessing
is slowed, which cookie-authenticated writes are accepted (docs/api.md "Logging in")."""
