#!/usr/bin/env bash
# Creates .venv-wyoming/ (git-ignored) with the pinned `wyoming` package the Wyoming end-to-end tests drive
# `myna wyoming` with (Tests/MynaWyomingTests/Client/requirements.txt), and prints its python. Reinstalls when the
# requirements change. Safe to run from several processes at once (flock). Run: scripts/wyoming_venv.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv-wyoming"
REQUIREMENTS="$ROOT/Tests/MynaWyomingTests/Client/requirements.txt"
PYTHON="${PYTHON:-python3}"
die() { echo "wyoming_venv.sh: $*" >&2; exit 1; }

exec 9>"$ROOT/.venv-wyoming.lock"
flock 9
if [[ ! -x "$VENV/bin/python" ]]; then
    "$PYTHON" -m venv "$VENV" >&2 || die "$PYTHON -m venv $VENV failed (Debian: apt-get install python3-venv)"
fi
if ! cmp -s "$REQUIREMENTS" "$VENV/.requirements"; then
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$REQUIREMENTS" >&2 \
        || die "pip install -r $REQUIREMENTS failed (see pip's message above)"
    cp "$REQUIREMENTS" "$VENV/.requirements"
fi
echo "$VENV/bin/python"
