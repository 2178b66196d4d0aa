# make test: install what the tests need, then check formatting, vet and run
# every test with the race detector. The viewer's tests open a window, so the
# test run happens under xvfb-run.

GO ?= go
# Xvfb with Mesa's software OpenGL, for the viewer's tests and screenshots;
# GDAL's ogrinfo reads the GeoJSON exports back, ffmpeg encodes and ffprobe
# checks the MP4 export, Chromium runs the web build's browser test
# (cmd/frontline-web) and opens the SVG export.
APT_PACKAGES := xvfb xauth libgl1 libglx-mesa0 libgl1-mesa-dri gdal-bin ffmpeg chromium

.PHONY: build test deps fmt vet gotest test-deploy test-interop test-kubernetes test-slurm bench screenshots update-golden calibrate readme-gif web

test: deps fmt vet gotest test-deploy test-interop

deps:
	@if ! command -v xvfb-run >/dev/null 2>&1 || ! dpkg -s $(APT_PACKAGES) >/dev/null 2>&1; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "installing $(APT_PACKAGES) with apt-get"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(APT_PACKAGES) >/dev/null; \
		else \
			echo "the tests need Xvfb, Mesa, GDAL and ffmpeg; install them with:" >&2; \
			echo "  sudo apt-get install -y $(APT_PACKAGES)" >&2; \
			exit 1; \
		fi; \
	fi
	$(GO) mod download
	cd deploy && $(GO) mod download

fmt:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needs to be run on:" >&2; echo "$$out" >&2; exit 1; fi

vet:
	$(GO) vet ./...
	cd deploy && $(GO) vet ./...
	cd interop && $(GO) vet ./...

# The race detector slows the tests tenfold, and CI's two cores may be
# loaded: go test's default of 10 minutes per package is too short there.
gotest:
	xvfb-run -a -s "-screen 0 1920x1080x24" $(GO) test -race -timeout 45m ./...
	# The bounds on hostile 10 MB scenario and sweep files and the what-ifs' paired
	# ensembles, and the shipped Sobol sweep behind docs/model.md's table,
	# which -race slows tenfold and which skip under it.
	$(GO) test -run 'TestHostileBounded|TestHostileSweeps|TestWhatIfs|TestSensitivityTable' ./scenarios
	# The golden screenshots, the paired compare's pixel check, the same picture of a simulation from
	# each of its paths, every command over the hostile corpus and the docs' transcripts,
	# skipped under -race (too slow there).
	xvfb-run -a -s "-screen 0 1920x1080x24" $(GO) test -run 'Golden|TestComparePairedHalvesDiffer' ./render/
	xvfb-run -a -s "-screen 0 1920x1080x24" $(GO) test -run 'TestViewSimulateSamePicture|TestNoPanic|TestDocTranscripts' ./cmd/frontline

# The shipped deployments (deploy/, a module of its own, so that the
# Kubernetes API types stay out of frontline's): the Kubernetes manifests,
# decoded strictly into k8s.io/api's Job, and the Slurm scripts on a real
# one-node Slurm (Debian's slurm-wlm and munge) that the test starts and
# stops. As root it installs them; without them it fails, never skips.
SLURM_PACKAGES := slurm-wlm munge

test-deploy: test-kubernetes test-slurm

# The sweep's Parquet tables read back by DuckDB (interop/, a module of its
# own: DuckDB's engine is cgo and a large static library, kept out of
# frontline's build).
test-interop:
	cd interop && $(GO) test -count=1 ./...

test-kubernetes:
	cd deploy && $(GO) test -count=1 ./kubernetes

test-slurm:
	@if ! dpkg -s $(SLURM_PACKAGES) >/dev/null 2>&1; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "installing $(SLURM_PACKAGES) with apt-get"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SLURM_PACKAGES) >/dev/null; \
		else \
			echo "the Slurm test starts munged, slurmctld and slurmd as root; run it as root" >&2; \
			echo "  (it installs: apt-get install -y $(SLURM_PACKAGES))" >&2; \
			exit 1; \
		fi; \
	fi
	cd deploy && FRONTLINE_SLURM_TEST=1 $(GO) test -count=1 -v -run TestSlurmArray ./slurm

# The binary, stamped with the VCS revision that 'frontline version'
# prints (whatever GOFLAGS says about -buildvcs).
build:
	$(GO) build -buildvcs=auto -o build/frontline ./cmd/frontline

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

# Regenerate golden files after an intended change; review the diff.
update-golden:
	xvfb-run -a -s "-screen 0 1920x1080x24" $(GO) test ./... -update

# The README's animation: the north-west through the offensive, headless.
readme-gif:
	$(GO) run ./cmd/frontline export --gif docs/replay.gif --focus "Maarat al-Numan" --zoom 2.4
# make web: the viewer as a static site in build/web (index.html, the
# WebAssembly viewer and Go's wasm_exec.js), for any static host.
WEB ?= build/web
web:
	mkdir -p $(WEB)
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags=-s -o $(WEB)/frontline.wasm ./cmd/frontline-web
	cp cmd/frontline-web/index.html $(WEB)/index.html
	cp "$$($(GO) env GOROOT)/lib/wasm/wasm_exec.js" $(WEB)/wasm_exec.js
	@ls -l $(WEB)/frontline.wasm | awk '{printf "%s: %.1f MB", $$NF, $$5/1e6}'; gzip -9 -c $(WEB)/frontline.wasm | wc -c | awk '{printf ", %.1f MB gzip-compressed\n", $$1/1e6}'

# Refit the model to the built-in ledger (after a change to the gazetteer,
# the territory or the ledger): rewrites sim/testdata/calibrate.json, the
# covariance table that simulate draws from (sim/covariance_table.go) and
# the tables of docs/model.md; then copy the fit into sim.DefaultParams (the test
# says which values differ), and regenerate the goldens that depend on it.
calibrate:
	$(GO) test ./sim -run 'TestCalibrationGolden|TestCovarianceTable|TestCalibrationDocTables' -recalibrate
	$(GO) test ./sim -run 'TestCalibrationGolden|TestCovarianceTable|TestCalibrationDocTables|TestDrawnRunIsFixedRunOfDraw'
