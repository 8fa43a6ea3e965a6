# Vigil — the two commands of the README, and a few more for development.
#   make demo   builds vigil and runs it on the built-in rules and the sample corpus
#   make test   builds and runs the whole test suite
#   make models rebuilds the built-in classifier models (rules/models/) from ../shared/data
#   make measure-models  measures the built-in packs and models on COLD dev and Davidson (5-fold)
#   make fuzz   builds the libFuzzer targets of fuzz/ and runs each for FUZZ_SECONDS (60)
#   make format formats the Swift files given in FILES (default: those changed against
#               main) with the toolchain's swift-format and .swift-format; make lint-format
#               reports what it would change, without changing anything
#   make reference  rewrites docs/reference/commands.md from the built binary's --help
#   make console-test  the operations console in chromium (skips without it unless VIGIL_REQUIRE_BROWSER=1)
# Both install the C libraries they need (libpcre2-dev, libsqlite3-dev, liblz4-dev) when missing.

SWIFT ?= swift
VIGIL := .build/release/vigil

.PHONY: demo test deps build bench contract fuzz clean models measure-models format lint-format reference console-test

deps:
	@if ! pkg-config --exists libpcre2-8 sqlite3 liblz4 2>/dev/null; then \
		echo "installing libpcre2-dev, libsqlite3-dev, liblz4-dev and pkg-config"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq libpcre2-dev libsqlite3-dev liblz4-dev pkg-config; \
	fi
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
		echo "installing postgresql (the PostgreSQL store's tests start throwaway clusters)"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq postgresql postgresql-client; \
	fi

build: deps
	$(SWIFT) build -c release

demo: build
	@echo "== vigil rules lint (built-in packs)"; $(VIGIL) rules lint
	@echo; echo "== vigil rules test"; $(VIGIL) rules test
	@echo; echo "== vigil check on sample posts (corpus/sample.jsonl)"
	@python3 -c 'import json,sys; [print(json.loads(l)["text"]) for l in list(open("corpus/sample.jsonl"))[:400] if l.strip()]' \
		| awk 'NR % 25 == 3' | head -12 | while IFS= read -r post; do \
			echo "--- $$post"; $(VIGIL) check "$$post"; echo "(exit $$?)"; done
	@echo; echo "== vigil bench corpus/sample.jsonl"; $(VIGIL) bench --repeat 20 corpus/sample.jsonl

test: deps
	$(SWIFT) build
	$(SWIFT) test

bench: build
	benchmarks/keyword_bench.sh

models: build
	tools/models/build_models.sh

measure-models: build
	tools/models/measure_models.sh

fuzz: deps
	FUZZ_SECONDS=$${FUZZ_SECONDS:-60} tools/fuzz.sh

console-test: deps
	$(SWIFT) build
	tools/console/browser_test.sh --vigil .build/debug/vigil

contract: build
	python3 ../shared/checks/contract_check.py

clean:
	rm -rf .build

# Formatting is applied file by file to what a change touches, never to the whole tree at
# once (that would rewrite every line and bury the history).
FORMAT_BASE ?= main
FILES ?= $(shell git diff --name-only --diff-filter=AM $(FORMAT_BASE) -- '*.swift')

format:
	@if [ -n "$(strip $(FILES))" ]; then $(SWIFT) format --in-place --configuration .swift-format $(FILES); fi

lint-format:
	@if [ -n "$(strip $(FILES))" ]; then $(SWIFT) format lint --configuration .swift-format $(FILES); fi

reference: build
	tools/make_command_reference.sh $(VIGIL)
