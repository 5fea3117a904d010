"""``python -m convert`` runs the copydesk command line."""

from convert.cli import main

main()
