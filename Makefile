# ror-search: the two commands a new user needs are `make demo` and `make test`.
.PHONY: up down status test demo bench install lint

install:
	scripts/install.sh

up:
	scripts/stack.sh up

down:
	scripts/stack.sh down

status:
	scripts/stack.sh status

test:
	scripts/test.sh

demo:
	scripts/stack.sh demo

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check . && .venv/bin/mypy

bench:
	scripts/bench.sh
