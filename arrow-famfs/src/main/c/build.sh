#!/usr/bin/env bash
# Builds the native helper (cache maintenance and the Arrow C stream over shared frames) into
# the directory given as $1. Called by Maven (arrow-famfs/pom.xml, generate-resources); needs
# gcc on x86_64 Linux.
set -euo pipefail
out=$1
dir=$(dirname "$0")
if [ "$(uname -m)" != x86_64 ]; then
  echo "arrow-famfs: native helper is x86_64-only; skipping on $(uname -m)" >&2
  exit 0
fi
command -v gcc >/dev/null || { echo "arrow-famfs: gcc is required to build the native helper (apt-get install gcc)" >&2; exit 1; }
mkdir -p "$out"
lib=$out/libarrowfamfs.so
if [ -e "$lib" ] && [ -z "$(find "$dir" -name '*.c' -newer "$lib")" ]; then exit 0; fi
gcc -O2 -Wall -Wextra -Werror -fPIC -shared -o "$lib" "$dir"/cache.c "$dir"/stream.c
