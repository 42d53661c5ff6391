#!/usr/bin/env bash
# Builds the cache-maintenance helper into the directory given as $1.
# Called by Maven (arrow-famfs/pom.xml, generate-resources); needs gcc on x86_64 Linux.
set -euo pipefail
out=$1
src=$(dirname "$0")/cache.c
if [ "$(uname -m)" != x86_64 ]; then
  echo "arrow-famfs: cache helper is x86_64-only; skipping on $(uname -m) (coherent policy only)" >&2
  exit 0
fi
command -v gcc >/dev/null || { echo "arrow-famfs: gcc is required to build the cache helper (apt-get install gcc)" >&2; exit 1; }
mkdir -p "$out"
if [ "$out/libarrowfamfs-cache.so" -nt "$src" ]; then exit 0; fi
gcc -O2 -Wall -Wextra -Werror -fPIC -shared -o "$out/libarrowfamfs-cache.so" "$src"
