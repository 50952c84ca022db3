#!/usr/bin/env bash
# Runs every test. First it installs what the tests need beyond the .NET SDK and the repository, where it can:
# Debian's chromium (browser tests), postgresql (the PostgreSQL store tests) and dataset-fashion-mnist (the check of
# the committed splits against the real dataset) and python3-onnx (onnx.checker on the exported models). Where it cannot (not root, or no apt-get), it says in one line what
# is missing and how to get it; those tests then skip with the same hint, and fail under CI=true.
# Arguments go to `dotnet test` (for example --filter).
set -euo pipefail
cd "$(dirname "$0")"

packages=(dataset-fashion-mnist chromium postgresql python3-onnx)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

hint() {
  echo "test.sh: missing ${missing[*]}; install with: sudo apt-get install -y ${missing[*]} (the tests that need them skip until then, and fail under CI=true)" >&2
}

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "test.sh: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    if ! { apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null; }; then
      hint
    fi
  else
    hint
  fi
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
exec dotnet test Ensemble.sln "$@"
