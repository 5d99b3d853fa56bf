"""`python -m bench` runs the speed benchmark (see bench/README.md)."""

from bench.run import main

raise SystemExit(main())
