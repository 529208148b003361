#!/usr/bin/env bash
# Deploys martflow to a Cloud Composer (Airflow 3) environment:
#   1. the DAGs (dags/*.py, not their tests) to the environment's dags/ folder,
#   2. sql/, manifest.yml and the bundled jar to its data/martflow/ folder
#      (mounted on every Airflow worker as /home/airflow/gcs/data/martflow/),
#   3. the Airflow Variables martflow_runner, martflow_jar and martflow_dataflow,
#   4. the Airflow Connections martflow_warehouse (and martflow_source when configured) as
#      Secret Manager secrets airflow-connections-<id>, read through Composer's Secret Manager
#      secrets backend (enabled here once): a password is read from a file and sent on stdin,
#      never on a command line, never into Airflow's metadata database.
#
#   ENVIRONMENT=martflow LOCATION=europe-west1 PROJECT=my-proj \
#   DATAFLOW_BUCKET=my-proj-martflow \
#   SERVICE_ACCOUNT=martflow-dataflow@my-proj.iam.gserviceaccount.com \
#   NETWORK=martflow SUBNETWORK=regions/europe-west1/subnetworks/martflow \
#   CLOUD_SQL_INSTANCE=my-proj:europe-west1:martflow-pg \
#   WAREHOUSE_HOST=10.20.0.3 WAREHOUSE_DB=martflow WAREHOUSE_USER=martflow_loader \
#   WAREHOUSE_PASSWORD_FILE=/secure/martflow_loader.pw \
#   DB_PASSWORD_SECRET=projects/my-proj/secrets/martflow-loader-password/versions/latest \
#     deploy/composer/deploy.sh
#
# Optional: RUNNER (DataflowRunner), MACHINE_TYPE (n2-standard-2), MAX_WORKERS (4),
# SOURCE_HOST/SOURCE_DB/SOURCE_USER/SOURCE_PASSWORD_FILE/SOURCE_DB_PASSWORD_SECRET (a separate
# source), DB_IAM_AUTH=true (no warehouse password secret: IAM database authentication),
# JAR (a prebuilt jar; default: build it), SKIP_BACKEND_CONFIG=true (backend already configured).
set -euo pipefail
ROOT="${MARTFLOW_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
: "${ENVIRONMENT:?}" "${LOCATION:?}" "${PROJECT:?}" "${DATAFLOW_BUCKET:?bucket for Dataflow temp/staging, without gs://}"
: "${SERVICE_ACCOUNT:?Dataflow worker service account}" "${SUBNETWORK:?}" "${CLOUD_SQL_INSTANCE:?}"
: "${WAREHOUSE_HOST:?private IP of the Cloud SQL instance, for the SQL steps of the DAG}" "${WAREHOUSE_USER:?}"
RUNNER="${RUNNER:-DataflowRunner}"
WAREHOUSE_DB="${WAREHOUSE_DB:-martflow}"
G=(--project="$PROJECT")
ENV_ARGS=("$ENVIRONMENT" --location="$LOCATION" "${G[@]}")

if [[ "${DB_IAM_AUTH:-false}" != "true" ]]; then
  : "${DB_PASSWORD_SECRET:?set DB_PASSWORD_SECRET (projects/P/secrets/S/versions/V) or DB_IAM_AUTH=true}"
  : "${WAREHOUSE_PASSWORD_FILE:?set WAREHOUSE_PASSWORD_FILE (a file holding the warehouse password)}"
fi

airflow() { gcloud composer environments run "${ENV_ARGS[@]}" "$@"; }

# --- 1, 2: files ---------------------------------------------------------------------------
DAGS_PREFIX="$(gcloud composer environments describe "${ENV_ARGS[@]}" --format='value(config.dagGcsPrefix)')"
BUCKET_ROOT="${DAGS_PREFIX%/dags}"
[[ -d "$ROOT/dags" ]] || { echo "deploy: no dags/ folder in $ROOT" >&2; exit 2; }
if [[ -z "${JAR:-}" ]]; then
  # The launcher rebuilds the jar when it is missing or older than the sources: never deploy a stale one.
  "$ROOT/martflow" --version >/dev/null
  JAR="$ROOT/beam-pipelines/target/martflow.jar"
fi
gcloud storage rsync "$ROOT/dags" "$DAGS_PREFIX" --recursive --delete-unmatched-destination-objects \
  --exclude='(^|.*/)(tests?/.*|test_[^/]*\.py|__pycache__/.*|.*\.pyc)$' "${G[@]}"
gcloud storage rsync "$ROOT/sql" "$BUCKET_ROOT/data/martflow/sql" --recursive \
  --delete-unmatched-destination-objects "${G[@]}"
gcloud storage cp "$ROOT/manifest.yml" "$BUCKET_ROOT/data/martflow/manifest.yml" "${G[@]}"
gcloud storage cp "$JAR" "$BUCKET_ROOT/data/martflow/martflow.jar" "${G[@]}"

# --- 3: Variables ----------------------------------------------------------------------------
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
python3 - > "$WORK/dataflow.json" <<'PY'
import json, os
print(json.dumps({
  "project": os.environ["PROJECT"],
  "region": os.environ.get("DATAFLOW_REGION", os.environ["LOCATION"]),
  "temp_location": "gs://%s/tmp" % os.environ["DATAFLOW_BUCKET"],
  "staging_location": "gs://%s/staging" % os.environ["DATAFLOW_BUCKET"],
  "service_account": os.environ["SERVICE_ACCOUNT"],
  "network": os.environ.get("NETWORK", ""),
  "subnetwork": os.environ["SUBNETWORK"],
  "max_workers": int(os.environ.get("MAX_WORKERS", "4")),
  "machine_type": os.environ.get("MACHINE_TYPE", "n2-standard-2"),
  "cloud_sql_instance": os.environ["CLOUD_SQL_INSTANCE"],
  "db_password_secret": "" if os.environ.get("DB_IAM_AUTH") == "true" else os.environ["DB_PASSWORD_SECRET"],
  "source_db_password_secret": os.environ.get("SOURCE_DB_PASSWORD_SECRET", ""),
}, separators=(",", ":")))
PY
DATAFLOW_JSON="$(cat "$WORK/dataflow.json")"
airflow variables set -- martflow_runner "$RUNNER"
airflow variables set -- martflow_jar "/home/airflow/gcs/data/martflow/martflow.jar"
airflow variables set -- martflow_dataflow "$DATAFLOW_JSON"

# --- 4: Connections through the Secret Manager backend ---------------------------------------
if [[ "${SKIP_BACKEND_CONFIG:-false}" != "true" ]]; then
  CURRENT="$(gcloud composer environments describe "${ENV_ARGS[@]}" \
    --format='value(config.softwareConfig.airflowConfigOverrides.secrets-backend)')"
  if [[ "$CURRENT" != *CloudSecretManagerBackend* ]]; then
    # ^|^ makes '|' the list separator, so the JSON's commas stay inside the value.
    gcloud composer environments update "${ENV_ARGS[@]}" --update-airflow-configs="^|^secrets-backend=airflow.providers.google.cloud.secrets.secret_manager.CloudSecretManagerBackend|secrets-backend_kwargs={\"connections_prefix\": \"airflow-connections\", \"variables_prefix\": null, \"sep\": \"-\"}"
  fi
fi

cat > "$WORK/connection.py" <<'PY'
import json, os, sys
conn = {"conn_type": "postgres", "host": os.environ["CONN_HOST"], "port": 5432,
        "schema": os.environ["CONN_DB"], "login": os.environ["CONN_USER"]}
path = os.environ["CONN_PASSWORD_FILE"]
if path:
    with open(path, encoding="utf-8") as f:
        conn["password"] = f.read().rstrip("\r\n")
json.dump(conn, sys.stdout)
PY
# put_connection ID HOST DB USER PASSWORD_FILE: the connection as JSON on stdin, never in argv.
put_connection() {
  local id="$1" host="$2" db="$3" user="$4" password_file="$5"
  local secret_id="airflow-connections-$id"
  if ! gcloud secrets describe "$secret_id" "${G[@]}" >/dev/null 2>&1; then
    gcloud secrets create "$secret_id" --replication-policy=automatic --labels=app=martflow "${G[@]}"
  fi
  CONN_HOST="$host" CONN_DB="$db" CONN_USER="$user" CONN_PASSWORD_FILE="$password_file" \
    python3 "$WORK/connection.py" | gcloud secrets versions add "$secret_id" --data-file=- "${G[@]}"
}
put_connection martflow_warehouse "$WAREHOUSE_HOST" "$WAREHOUSE_DB" "$WAREHOUSE_USER" "${WAREHOUSE_PASSWORD_FILE:-}"
if [[ -n "${SOURCE_HOST:-}" ]]; then
  put_connection martflow_source "$SOURCE_HOST" "${SOURCE_DB:-shop}" "${SOURCE_USER:?}" "${SOURCE_PASSWORD_FILE:-}"
fi
echo "deployed to $ENVIRONMENT ($BUCKET_ROOT): runner $RUNNER" >&2

