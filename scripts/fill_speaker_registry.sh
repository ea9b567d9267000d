#!/usr/bin/env bash
# Fills a PostgreSQL speaker registry with N synthetic speakers for the identify-at-scale benchmark
# (`myna-bench speaker-index URL`): each a random unit vector of 256 non-negative components (as GE2E profiles are),
# named synthetic-1 … synthetic-N, with one utterance row, enrolled under ENCODER_ID (default: the SHA-256 of the
# installed GE2E checkpoint, so `myna identify --registry URL` compares against them too). One transaction, which
# also bumps the registry's change counter so running replicas reload their index.
#
#   scripts/fill_speaker_registry.sh postgres://myna@/speakers?host=/run/postgresql 100000 [ENCODER_ID]
#
# The registry's tables must exist: any writing myna command creates them, and so does the benchmark's first run.
# Needs psql (Debian's postgresql-client). Not for CI at 100 000 (about a minute) or 1 000 000.
set -euo pipefail
url="${1:?usage: fill_speaker_registry.sh URL N [ENCODER_ID]}"
count="${2:?usage: fill_speaker_registry.sh URL N [ENCODER_ID]}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
encoder="${3:-}"
if [[ -z "$encoder" ]]; then
    checkpoint="${MYNA_MODELS_DIR:-$root/models}/resemblyzer-ge2e/pretrained.pt"
    [[ -f "$checkpoint" ]] || { echo "fill_speaker_registry: $checkpoint not found; give ENCODER_ID" >&2; exit 2; }
    encoder="$(sha256sum "$checkpoint" | cut -d' ' -f1)"
fi
[[ "$count" =~ ^[0-9]+$ ]] || { echo "fill_speaker_registry: N must be a whole number" >&2; exit 2; }
# libpq reads the same URL forms as myna (postgres://USER[:PASSWORD]@HOST:PORT/DB, ?host=/socket/folder).
psql "$url" -X -q -v ON_ERROR_STOP=1 -v n="$count" -v encoder="$encoder" <<'SQL'
SELECT to_regclass('myna_schema') IS NOT NULL AS ready \gset
\if :ready
\else
\echo 'fill_speaker_registry: no Myna registry tables here yet; run myna-bench speaker-index URL (or any writing myna command) once first'
\quit 2
\endif
BEGIN;
UPDATE myna_schema SET changes = changes + 1;
INSERT INTO myna_encoder_model (id, file_name, dimension, first_used_at)
VALUES (:'encoder', 'pretrained.pt', 256, now()) ON CONFLICT (id) DO NOTHING;
WITH numbered AS (
    SELECT (SELECT count(*) FROM myna_speaker) + g AS n FROM generate_series(1, :n) AS g
), raw AS (
    -- n in the inner query makes Postgres draw new random numbers per speaker
    SELECT n, ARRAY(SELECT random()::real + 0 * n FROM generate_series(1, 256)) AS v FROM numbered
), unit AS (
    SELECT n, ARRAY(SELECT x / (SELECT sqrt(sum(y * y)) FROM unnest(v) y) FROM unnest(v) WITH ORDINALITY AS t(x, i) ORDER BY i)::real[] AS v
    FROM raw
), speakers AS (
    INSERT INTO myna_speaker (name, encoder_model_id, dimension, profile, created_at, updated_at)
    SELECT 'synthetic-' || n, :'encoder', 256, v, now(), now() FROM unit
    RETURNING id, profile
)
INSERT INTO myna_utterance (speaker_id, embedding, speech_seconds, source_name, audio_sha256, trimmed, encoder_model_id, enrolled_at)
SELECT id, profile, 10, 'synthetic.wav', md5(random()::text || id) || md5(id::text), true, :'encoder', now() FROM speakers;
COMMIT;
SQL
echo "fill_speaker_registry: added $count speakers" >&2
