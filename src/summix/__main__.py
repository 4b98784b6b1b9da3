"""``python -m summix``."""

from summix.cli import main

main()
