#!/usr/bin/env bash
# Pushes a new Coder template version for every template whose pinned image moved.
#
#   terraform plan -detailed-exitcode   0: no rebuild is due, nothing to do (exit 0)
#                                       2: apply the saved plan, then for each template whose pin
#                                          moved: coder templates push NAME --variable
#                                          workspace_image=<pinned_ref> --message "<image>: <from>
#                                          → <to> (<rebuild_reason>)"
#                                       1: an error (a registry outage, a policy violation): exit 1
#
# Environment: TF (terraform or tofu, default terraform), TEMPLATES_DIR (where each template's
# directory NAME lives, default ./templates), CODER_URL and CODER_SESSION_TOKEN for the coder CLI.
set -euo pipefail

tf=${TF:-terraform}
templates_dir=${TEMPLATES_DIR:-templates}

"$tf" init -input=false -no-color >/dev/null

set +e
"$tf" plan -detailed-exitcode -input=false -no-color -out=tfplan
code=$?
set -e
case $code in
  0) echo "No rebuild is due: no template version to push."; exit 0 ;;
  2) ;;
  *) echo "plan failed (exit $code)" >&2; exit "$code" ;;
esac

# What the templates ran before: the outputs in the state the plan started from (none at first).
declare -A before=()
if releases=$("$tf" output -raw releases 2>/dev/null); then
  while IFS=$'\t' read -r name ref _; do
    [[ -n $name ]] && before[$name]=$ref
  done <<<"$releases"
fi

# Exactly what was planned: a saved plan applies even if a tag moved again in between.
"$tf" apply -input=false -no-color tfplan

pushed=0
while IFS=$'\t' read -r name ref message; do
  [[ -z $name || ${before[$name]:-} == "$ref" ]] && continue
  echo "Pushing $name: $message"
  coder templates push "$name" --directory "$templates_dir/$name" --yes \
    --variable "workspace_image=$ref" --message "$message"
  pushed=$((pushed + 1))
done <<<"$("$tf" output -raw releases)"
echo "Pushed $pushed template version(s)."
