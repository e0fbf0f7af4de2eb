"""``python -m council``."""

from council.cli import main

main()
