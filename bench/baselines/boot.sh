#!/usr/bin/env bash
# Baseline: how the original Scalingo/promscale-buildpack starts Promscale (its opt/boot.sh): the same checks,
# then Promscale as a child of bash, *without* exec, so bash stays the entry process and does not forward
# SIGTERM. Only the binary's path differs ($PROMSCALE_BIN instead of /app/bin/promscale). Run by bench/run.
if [[ -n "${DEBUG:-}" ]]; then
  set -x
fi

if [[ -z "${SCALINGO_POSTGRESQL_URL:-}" ]]; then
  echo "SCALINGO_POSTGRESQL_URL is not set: add a PostgreSQL addon and grant CREATEROLE to its user" >&2
  exit 255 # the original's `exit -1`
fi
if [[ -z "${PROMSCALE_WEB_AUTH_USERNAME:-}" || -z "${PROMSCALE_WEB_AUTH_PASSWORD:-}" ]]; then
  echo "PROMSCALE_WEB_AUTH_USERNAME and PROMSCALE_WEB_AUTH_PASSWORD must be set" >&2
  exit 255
fi

"${PROMSCALE_BIN}" -db.uri="${SCALINGO_POSTGRESQL_URL}" -web.listen-address="0.0.0.0:${PORT}"
