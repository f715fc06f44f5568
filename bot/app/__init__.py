"""The composition root: the one package that imports everything (the command line, the
application, the webhook server, the health check, the demo)."""
