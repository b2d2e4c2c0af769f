"""`python -m cordwainer` is the `cordwainer` command."""

from cordwainer.cli.app import main

main()
