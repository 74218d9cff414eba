# Two entry points on a fresh Debian 12 machine:
#   make figures   install missing system packages, build (release), render every figure into Output/
#   make test      the same set-up, then the whole test suite (PostGIS tests start their own server)
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

APT_PACKAGES := pkg-config libgdal-dev libproj-dev libcairo2-dev libdeflate-dev fonts-wqy-microhei \
                gdal-bin proj-bin poppler-utils postgresql postgresql-15-postgis-3 chromium python3-qgis
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT := $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -y -q

.PHONY: deps build release figures test test-only geodata fuzz install uninstall clean

# Installs only what is missing, so a second run is a no-op.
deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "make: installing$$missing"; \
	  $(APT) update >/dev/null; \
	  $(APT) install --no-install-recommends $$missing >/dev/null; \
	fi

build: deps
	swift build

release: deps
	swift build -c release --static-swift-stdlib --product hinterland

figures: release
	.build/release/hinterland run Output/study.json

# Installs the binary as $(PREFIX)/bin/hinterland and its data (GeoData, Styles) under
# $(PREFIX)/share/hinterland, where the binary looks first. DESTDIR stages a package;
# HINTERLAND_BIN installs another build (default: the release build, made if missing).
PREFIX ?= /usr/local
HINTERLAND_BIN ?= .build/release/hinterland
SHARE := $(DESTDIR)$(PREFIX)/share/hinterland
install:
	@[ -x "$(HINTERLAND_BIN)" ] || $(MAKE) release
	install -d "$(DESTDIR)$(PREFIX)/bin" "$(SHARE)"
	install -m 755 "$(HINTERLAND_BIN)" "$(DESTDIR)$(PREFIX)/bin/hinterland"
	rm -rf "$(SHARE)/GeoData" "$(SHARE)/Styles"
	tar -c --exclude=scripts --exclude='build*.sh' --exclude='*.aux.xml' GeoData Styles | tar -x -C "$(SHARE)"

uninstall:
	rm -rf "$(DESTDIR)$(PREFIX)/bin/hinterland" "$(SHARE)"

# Builds the CLI first (the CLI tests run the binary), then runs every test with a
# PostgreSQL+PostGIS server of its own on loopback.
test: build
	bash Tests/scripts/with-postgis.sh swift test

test-only:
	bash Tests/scripts/with-postgis.sh swift test

# Fuzzes the parsers (CSV points, GeoJSON zones, styles, unit and index configs) with libFuzzer for
# FUZZ_SECONDS each, from the seed corpus in Tests/Fixtures/fuzz/. Crashing inputs are saved
# in Tests/Fixtures/fuzz/crashes/; add them to the matching seed folder and the regression
# test (FuzzCorpusTests) runs them on every make test.
FUZZ_SECONDS ?= 60
fuzz: deps
	swift build -c release --sanitize=fuzzer -Xswiftc -DFUZZING --scratch-path .build-fuzz --product HinterlandFuzz
	@mkdir -p Tests/Fixtures/fuzz/crashes
	@for t in csv geojson style units index; do \
	  corpus=$$(mktemp -d); cp Tests/Fixtures/fuzz/$$t/* $$corpus/; \
	  echo "fuzz $$t for $(FUZZ_SECONDS) s"; \
	  HINTERLAND_FUZZ_TARGET=$$t .build-fuzz/release/HinterlandFuzz -max_total_time=$(FUZZ_SECONDS) -timeout=10 \
	    -artifact_prefix=Tests/Fixtures/fuzz/crashes/$$t- $$corpus 2>&1 | grep -E "^Done|ERROR|SUMMARY" ; \
	  rm -rf $$corpus; \
	done

# Rebuilds GeoData/china.gpkg and its derived tables from the pinned packages (not needed
# for build or test): boundaries, areas, the census crosswalk, land areas, county seats.
geodata: deps
	$(APT) install --no-install-recommends gmt gmt-gshhg-full >/dev/null
	swift build -c release --static-swift-stdlib --product hinterland
	HINTERLAND_BIN=$(CURDIR)/.build/release/hinterland bash GeoData/build.sh

clean:
	rm -rf .build
