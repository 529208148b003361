#!/usr/bin/env bash
# Runs one domain load from the Flex Template (an operator's ad-hoc load or backfill; the scheduled
# loads run from Composer with the jar, which also holds the domain lock and writes ctl.run_log).
#
#   PROJECT=my-proj REGION=europe-west1 BUCKET=my-proj-martflow \
#   SERVICE_ACCOUNT=martflow-dataflow@my-proj.iam.gserviceaccount.com \
#   SUBNETWORK=regions/europe-west1/subnetworks/martflow \
#   CLOUD_SQL_INSTANCE=my-proj:europe-west1:martflow-pg DB_USER=martflow_loader \
#   DB_PASSWORD_SECRET=projects/my-proj/secrets/martflow-loader-password/versions/latest \
#     deploy/dataflow/run.sh customers 2026-11-01 2026-11-02 [RUN_ID]
#
# With DB_IAM_AUTH=true (and DB_USER=martflow-dataflow@my-proj.iam) no password secret is used.
# Optional: MACHINE_TYPE (n2-standard-2), MAX_WORKERS (4), MAX_WRITERS (8), TEMPLATE (spec path).
# The password is never a parameter: only the Secret Manager reference is.
set -euo pipefail
DOMAIN="${1:?usage: run.sh DOMAIN WINDOW_START WINDOW_END [RUN_ID]}"
START="${2:?window start (ISO date or timestamp)}"
END="${3:?window end}"
RUN_ID="${4:-flex-${DOMAIN}-$(date -u +%Y%m%dT%H%M%SZ)}"
: "${PROJECT:?}" "${REGION:?}" "${BUCKET:?}" "${SERVICE_ACCOUNT:?}" "${SUBNETWORK:?}" "${CLOUD_SQL_INSTANCE:?}" \
  "${DB_USER:?}"
TEMPLATE="${TEMPLATE:-gs://${BUCKET}/templates/martflow-load.json}"

PARAMS="domain=${DOMAIN},runId=${RUN_ID},windowStart=${START},windowEnd=${END}"
PARAMS+=",cloudSqlInstance=${CLOUD_SQL_INSTANCE},dbName=${DB_NAME:-martflow},dbUser=${DB_USER}"
PARAMS+=",maxWriters=${MAX_WRITERS:-8}"
if [[ "${DB_IAM_AUTH:-false}" == "true" ]]; then
  PARAMS+=",dbIamAuth=true"
else
  PARAMS+=",dbPasswordSecret=${DB_PASSWORD_SECRET:?set DB_PASSWORD_SECRET or DB_IAM_AUTH=true}"
fi
if [[ -n "${SOURCE_CLOUD_SQL_INSTANCE:-}" ]]; then
  PARAMS+=",sourceCloudSqlInstance=${SOURCE_CLOUD_SQL_INSTANCE},sourceDbName=${SOURCE_DB_NAME:-shop}"
  PARAMS+=",sourceDbUser=${SOURCE_DB_USER:?}"
  if [[ "${SOURCE_DB_IAM_AUTH:-false}" == "true" ]]; then
    PARAMS+=",sourceDbIamAuth=true"
  else
    PARAMS+=",sourceDbPasswordSecret=${SOURCE_DB_PASSWORD_SECRET:?}"
  fi
fi

JOB="martflow-load-${DOMAIN//_/-}-$(date -u +%Y%m%d-%H%M%S)"
gcloud dataflow flex-template run "$JOB" \
  --project="$PROJECT" \
  --region="$REGION" \
  --template-file-gcs-location="$TEMPLATE" \
  --service-account-email="$SERVICE_ACCOUNT" \
  --subnetwork="$SUBNETWORK" \
  --disable-public-ips \
  --worker-machine-type="${MACHINE_TYPE:-n2-standard-2}" \
  --max-workers="${MAX_WORKERS:-4}" \
  --temp-location="gs://${BUCKET}/tmp" \
  --staging-location="gs://${BUCKET}/staging" \
  --additional-user-labels="app=martflow,domain=${DOMAIN//_/-}" \
  --parameters="$PARAMS"
echo "run id: $RUN_ID (publish it with the martflow CLI or the DAG's publish step)" >&2
