# Luukku — the two commands:
#   make run    install what is missing, build, migrate the embedded store, load the demo
#               region, create the first admin (its password is printed once; linked to the demo
#               professional Aino Mäki, extension 1001, so it can take calls at once) and start
#               the server (http://127.0.0.1:8080) with Janus beside it for the browser phone
#               (ws://127.0.0.1:8188) and a development identity provider for chat
#               identification (http://127.0.0.1:8444, test persons only); both stop with it
#   make test   install what is missing, build with ASan+UBSan, and run every test under them
#               (one build: on two cores a second configuration would double the wait;
#               `make test-release` runs the same tests on the optimised build)
SHELL := /bin/bash
.DEFAULT_GOAL := run

RELEASE_DIR := build/release
ASAN_DIR := build/asan
LUUKKU := $(RELEASE_DIR)/src/luukku
CONFIG := config/luukku.toml
JANUS_DIR := $(CURDIR)/build/janus
DEV_IDENTITY_DIR := $(CURDIR)/build/dev-identity
# The demo professional the first admin acts as (config/demo-region.toml; desk phone 1001 in
# config/telephony.toml).
DEMO_AGENT := aino-maki
CTEST_JOBS ?= 2

.PHONY: run test deps deps-test web build build-asan test-release test-asan bench format tidy clean

deps:
	@scripts/install-deps.sh build

deps-test:
	@scripts/install-deps.sh test

# The web app (web/, TypeScript and React) built into web/static, which the server serves.
web: deps
	@scripts/build-web.sh

build: deps web
	@cmake -S . -B $(RELEASE_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(RELEASE_DIR)

# -O0 -g1: line tables for sanitizer reports, and no optimiser. UBSan's checks make the
# optimiser's work on Beast's TLS and WebSocket templates very slow (one file: 290 s at -O1,
# 145 s at -O0 on two cores); the tests barely notice the slower code.
build-asan: deps web
	@cmake -S . -B $(ASAN_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-g1 -O0" \
	  -DLUUKKU_SANITIZE=ON >/dev/null
	@cmake --build $(ASAN_DIR)

run: build
	@$(LUUKKU) -c $(CONFIG) migrate
	@$(LUUKKU) -c $(CONFIG) import-config config/demo-region.toml
	@$(LUUKKU) -c $(CONFIG) seed-clickbot config/demo-clickbot.json
	@$(LUUKKU) -c $(CONFIG) --log-level warn user bootstrap --agent $(DEMO_AGENT)
	@scripts/janus.sh start $(JANUS_DIR) || echo "continuing without the browser phone"
	@scripts/dev-identity.sh start $(DEV_IDENTITY_DIR) || echo "continuing without identification in chat"
	@trap 'scripts/janus.sh stop $(JANUS_DIR); scripts/dev-identity.sh stop $(DEV_IDENTITY_DIR)' EXIT; \
	  $(LUUKKU) -c $(CONFIG) serve --banner

test: deps-test
	@$(MAKE) --no-print-directory build-asan
	@$(MAKE) --no-print-directory test-asan

# The browser tests share blocks of media ports, handed out by ctest (tests/web/CMakeLists.txt).
CTEST_RESOURCES := --resource-spec-file $(CURDIR)/tests/web/e2e-resources.json

test-release: build deps-test
	@ctest --test-dir $(RELEASE_DIR) --output-on-failure -j $(CTEST_JOBS) $(CTEST_RESOURCES)

test-asan:
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --test-dir $(ASAN_DIR) --output-on-failure -j $(CTEST_JOBS) $(CTEST_RESOURCES)

# Benchmarks: see docs/performance.md for what each measures and the recorded figures.
bench: build deps-test
	@scripts/bench.sh

format:
	@git ls-files '*.h' '*.cc' '*.cpp' | xargs clang-format -i

# clang-tidy with the checks in .clang-tidy, on the files under src/ that differ from
# TIDY_BASE (committed or not), with the compile commands of build/asan (make build-asan).
# Headers are checked through the files that include them. GCC's precompiled headers are left
# out of the compile commands clang-tidy reads (clang cannot read them).
TIDY_BASE ?= main
tidy:
	@files=$$( { git diff --name-only --diff-filter=d $$(git merge-base $(TIDY_BASE) HEAD) -- 'src/*.cc' 'src/*.cpp'; \
	  git ls-files --others --exclude-standard -- 'src/*.cc' 'src/*.cpp'; } | sort -u); \
	if [ -z "$$files" ]; then echo "tidy: no changed files under src/"; exit 0; fi; \
	mkdir -p $(ASAN_DIR)/tidy && \
	sed -E 's# -include [^ ]*/cmake_pch\.hxx##g' $(ASAN_DIR)/compile_commands.json \
	  > $(ASAN_DIR)/tidy/compile_commands.json && \
	clang-tidy -p $(ASAN_DIR)/tidy --quiet --extra-arg=-Wno-unknown-warning-option \
	  --extra-arg=-Wno-everything $$files

clean:
	rm -rf build
