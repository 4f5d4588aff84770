"""``python -m tasplus_cli`` runs the same entry point as the ``tasplus`` script."""

from tasplus_cli.cli.main import main

main()
