"""Run the command-line interface: ``python -m stance``."""

from stance.cli import main

raise SystemExit(main())
