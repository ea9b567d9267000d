# Myna: setup, build, demo, tests and benchmarks in one command each (see README.md).
#   make demo    install what is missing, build myna in release, transcribe the bundled JFK clip
#   make test    install what is missing, build and run the whole test suite (XCTest and Swift Testing)
#   make bench   run the benchmarks against the reference implementations (bench/README.md)
# SWIFT_FLAGS is passed to every swift build/test, e.g. `make test SWIFT_FLAGS="--scratch-path .build-mine"`.

SWIFT ?= swift
SWIFT_FLAGS ?=
BENCH ?= all

.PHONY: setup build demo test bench

setup:
	./scripts/setup.sh

build:
	$(SWIFT) build -c release $(SWIFT_FLAGS) --product myna

demo: setup
	$(MAKE) --no-print-directory build
	"$$($(SWIFT) build -c release $(SWIFT_FLAGS) --show-bin-path)/myna" transcribe audio-samples/jfk.flac

test: setup
	$(SWIFT) build --build-tests $(SWIFT_FLAGS)
	$(SWIFT) test $(SWIFT_FLAGS)

bench:
	./bench/run $(BENCH)
