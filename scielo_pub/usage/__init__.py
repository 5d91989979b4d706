"""Access logs in, COUNTER Release 5.1 usage counts and reports out (see ``docs/USAGE.md``)."""
