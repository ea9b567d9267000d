# Myna: setup, build, demo, tests and benchmarks in one command each (see README.md).
#   make demo    install what is missing, build myna in release, transcribe the bundled JFK clip
#   make test    install what is missing, build and run the whole test suite (XCTest and Swift Testing)
#   make bench   run the benchmarks against the reference implementations (bench/README.md)
#   make install build myna in release and install it with its models, completions and man page under PREFIX
#                (default /usr/local; DESTDIR is prepended for staging); make uninstall removes exactly that.
#                scripts/install.sh does the work and also installs an already-built binary (--binary PATH).
# SWIFT_FLAGS is passed to every swift build/test, e.g. `make test SWIFT_FLAGS="--scratch-path .build-mine"`.

SWIFT ?= swift
SWIFT_FLAGS ?=
BENCH ?= all
PREFIX ?= /usr/local
DESTDIR ?=

.PHONY: setup build demo test bench install uninstall

setup:
	./scripts/setup.sh

build:
	$(SWIFT) build -c release $(SWIFT_FLAGS) --product myna

demo: setup
	$(MAKE) --no-print-directory build
	"$$($(SWIFT) build -c release $(SWIFT_FLAGS) --show-bin-path)/myna" transcribe audio-samples/jfk.flac

# generate-manual (swift-argument-parser's man page tool) is built for InstallTests' man page check.
test: setup
	$(SWIFT) build --build-tests $(SWIFT_FLAGS)
	$(SWIFT) build $(SWIFT_FLAGS) --product generate-manual
	$(SWIFT) test $(SWIFT_FLAGS)

bench:
	./bench/run $(BENCH)

# The man page comes from swift-argument-parser's generate-manual tool (built from the dependency's checkout), which
# reads the commands' help from `myna --experimental-dump-help`.
install:
	$(MAKE) --no-print-directory build
	$(SWIFT) build -c release $(SWIFT_FLAGS) --product generate-manual
	bin="$$($(SWIFT) build -c release $(SWIFT_FLAGS) --show-bin-path)" && \
	./scripts/install.sh --binary "$$bin/myna" --manual-tool "$$bin/generate-manual" --prefix "$(PREFIX)" --destdir "$(DESTDIR)"

uninstall:
	./scripts/install.sh --uninstall --prefix "$(PREFIX)" --destdir "$(DESTDIR)"
