"""``python -m clustera.cli``."""

from clustera.cli import main

main()
