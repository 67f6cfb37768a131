# Two set-up commands (see README): `make run` and `make test`.
SWIFT ?= swift
# OpenBLAS threads are managed by nls itself (n_jobs); keep the environment from fighting it.
export OPENBLAS_NUM_THREADS ?= 2

.PHONY: deps build release run test test-scripts bench clean

deps:
	./scripts/install-deps.sh

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

run: release
	./.build/release/nls run examples/tour.nls

test: deps
	$(SWIFT) build
	$(SWIFT) test

bench: release
	python3 bench/run.py

clean:
	rm -rf .build
