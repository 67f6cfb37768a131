# Two set-up commands (see README): `make run` and `make test`.
SWIFT ?= swift
# OpenBLAS threads are managed by nls itself (n_jobs); keep the environment from fighting it.
export OPENBLAS_NUM_THREADS ?= 2

.PHONY: deps build release run test test-scripts bench clean dist check-dist fuzz fuzz-build fuzz-ci sanitize

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
	# The portable bundle runs unpacked, with an empty environment, on its own libraries.
	./scripts/make-dist.sh
	./scripts/check-dist.sh
	# Each fuzz target for a fixed number of inputs from a fixed seed (about a minute).
	$(MAKE) fuzz-ci

# Coverage-guided fuzzing (libFuzzer through the toolchain's -sanitize=fuzzer) of the
# front end (source), the CSV reader and the NIfTI reader, FUZZ_SECONDS each, starting
# from the committed seeds in Tests/fuzz/corpus/TARGET (new inputs go to .build/fuzz-corpus;
# crashes are written to .build/fuzz-artifacts). `swift test` replays the seeds.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= source csv nifti
fuzz-build: deps
	$(SWIFT) build --build-path .build/fuzz --product nls-fuzz -Xswiftc -sanitize=fuzzer -Xswiftc -DNLS_LIBFUZZER

fuzz: fuzz-build
	@mkdir -p .build/fuzz-artifacts
	@set -e; for t in $(FUZZ_TARGETS); do \
	  mkdir -p .build/fuzz-corpus/$$t; \
	  echo "== fuzzing $$t for $(FUZZ_SECONDS) s"; \
	  NLS_FUZZ_TARGET=$$t ./.build/fuzz/debug/nls-fuzz -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=4096 \
	    -max_len=65536 -print_final_stats=1 -artifact_prefix=.build/fuzz-artifacts/$$t- \
	    .build/fuzz-corpus/$$t Tests/fuzz/corpus/$$t; \
	done

# CI's bounded fuzzing: libFuzzer with -seed=1 and a fixed number of runs per target, so a
# run explores the same inputs every time (a new crash comes from a change, not from luck).
FUZZ_CI_RUNS ?= source:3000 csv:20000 nifti:20000
fuzz-ci: fuzz-build
	@mkdir -p .build/fuzz-artifacts
	@set -e; for tr in $(FUZZ_CI_RUNS); do \
	  t=$${tr%%:*}; n=$${tr##*:}; \
	  mkdir -p .build/fuzz-corpus/$$t; \
	  echo "== fuzzing $$t: $$n inputs, seed 1"; \
	  NLS_FUZZ_TARGET=$$t ./.build/fuzz/debug/nls-fuzz -seed=1 -runs=$$n -timeout=10 -rss_limit_mb=4096 \
	    -max_len=65536 -print_final_stats=0 -artifact_prefix=.build/fuzz-artifacts/$$t- \
	    .build/fuzz-corpus/$$t Tests/fuzz/corpus/$$t; \
	done

# The test suite built with AddressSanitizer (its own build folder; the nls binary the tests
# start is the instrumented one). Not part of `make test`: it takes several times as long.
# This toolchain rejects -sanitize=undefined for Swift on Linux; Swift's own checks (integer
# overflow, bounds, exclusivity outside NLS) trap where UBSan would report.
sanitize: deps
	$(SWIFT) build --build-path .build/sanitize --sanitize=address
	ASAN_OPTIONS=detect_leaks=0 $(SWIFT) test --build-path .build/sanitize --sanitize=address

bench: release
	python3 bench/run.py

# A portable bundle for machines without Swift or Debian's packages (GPU nodes, clusters).
dist: deps
	./scripts/make-dist.sh

check-dist: dist
	./scripts/check-dist.sh

clean:
	rm -rf .build
