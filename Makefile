# The two commands of the README. Both do all setup first (see scripts/setup.sh).
.PHONY: demo test setup bench

demo:        ## serve the demos on http://127.0.0.1:8000 (offline, no token)
	bash scripts/demo.sh

test:        ## run every test tier
	bash scripts/test.sh

setup:
	bash scripts/setup.sh

bench:       ## run the benchmarks and write benchmarks/REPORT.md
	bash scripts/setup.sh && .venv/bin/python benchmarks/run.py
