#!/usr/bin/env bash
# Builds the martflow Flex Template: the shaded jar, the launcher image (Cloud Build, pushed to
# Artifact Registry) and the template spec file in Cloud Storage.
#
#   PROJECT=my-proj REGION=europe-west1 REPOSITORY=martflow BUCKET=my-proj-martflow \
#     deploy/dataflow/build.sh [TAG]
#
# TAG defaults to the short git commit; the spec goes to gs://BUCKET/templates/martflow-load-TAG.json
# and gs://BUCKET/templates/martflow-load.json (the one run.sh uses). Keep old TAGs for rollback.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
: "${PROJECT:?set PROJECT}" "${REGION:?set REGION}" "${REPOSITORY:?set REPOSITORY (Artifact Registry docker repo)}" \
  "${BUCKET:?set BUCKET (without gs://)}"
TAG="${1:-$(git -C "$ROOT" rev-parse --short HEAD)}"
IMAGE="${REGION}-docker.pkg.dev/${PROJECT}/${REPOSITORY}/martflow-load:${TAG}"
SPEC="gs://${BUCKET}/templates/martflow-load-${TAG}.json"

echo "building the jar ..." >&2
"$ROOT/mvnw" -q -B -ntp -DskipTests package

CONTEXT="$(mktemp -d)"
trap 'rm -rf "$CONTEXT"' EXIT
cp "$ROOT/deploy/dataflow/Dockerfile" "$CONTEXT/Dockerfile"
cp "$ROOT/beam-pipelines/target/martflow.jar" "$CONTEXT/martflow.jar"

echo "building and pushing $IMAGE ..." >&2
gcloud builds submit "$CONTEXT" --project="$PROJECT" --region="$REGION" --tag="$IMAGE"

echo "writing the template spec $SPEC ..." >&2
gcloud dataflow flex-template build "$SPEC" \
  --project="$PROJECT" \
  --image="$IMAGE" \
  --sdk-language=JAVA \
  --metadata-file="$ROOT/deploy/dataflow/metadata.json"
gcloud storage cp "$SPEC" "gs://${BUCKET}/templates/martflow-load.json"
echo "$SPEC"
