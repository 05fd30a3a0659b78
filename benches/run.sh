#!/usr/bin/env bash
# The benchmark of issue 15: `sop lint` (without and with its cache),
# `sop render --format html`, `sop graph --out`, the lint of one file and
# a copy of the rendered handbook (what writing its files costs this disk),
# on generated corpora of each size (examples/gen_corpus.rs), against the
# floor (examples/parse_floor.rs: a bare parallel parse of the same files
# with the same YAML parser), and on the smallest size against what a user
# would run instead: check-jsonschema and Spectral with
# schemas/sop.schema.json, and yamllint. Prints the median time of each, its
# ratio to the floor of its size, and its peak memory.
#
# Run: bash benches/run.sh [--runs N] [--fresh] [--smoke] [--require-peers] [SIZES...]
#   SIZES        corpus sizes in SOPs (default: 1000 10000)
#   --runs N     runs of each command, the median is shown (default 3)
#   --fresh      write the corpora again (else cached in target/bench-corpus/)
#   --smoke      one run each, of the debug build (which the tests built already):
#                the CI check that the benchmark still works, its times mean nothing
#   --require-peers  fail if a peer is not installed (else it is left out)
# The peers are found in $SOP_PY_TOOLS (check-jsonschema, yamllint; else on
# PATH) and benches/peers/node_modules (Spectral: `npm ci --prefix benches/peers`).
set -euo pipefail
cd "$(dirname "$0")/.."

runs=3 fresh="" require_peers="" profile=release sizes=()
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift ;;
    --fresh) fresh=1 ;;
    --smoke) runs=1 profile=debug ;;
    --require-peers) require_peers=1 ;;
    -*) echo "unknown option $1 (see the comment at the top of $0)" >&2; exit 2 ;;
    *) sizes+=("$1") ;;
  esac
  shift
done
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)

if [ "$profile" = release ]; then
  cargo build --release --locked --quiet --bin sop --example gen_corpus --example parse_floor
else
  cargo build --locked --quiet --bin sop --example gen_corpus --example parse_floor
fi
bin="$PWD/target/$profile"
sop="$bin/sop"
out="$PWD/target/bench-out"
rm -rf "$out"
mkdir -p "$out"
trap 'rm -rf "$out"' EXIT

# A corpus is written again when the generator changed since it was written.
generator="$(cat examples/gen_corpus/*.rs | sha256sum)"
corpus() {
  local dir="target/bench-corpus/$1"
  if [ -n "$fresh" ] || [ "$(cat "$dir.stamp" 2>/dev/null)" != "$generator" ]; then
    rm -rf "$dir" "$dir.stamp"
    "$bin/examples/gen_corpus" "$dir" "$1" >&2
    echo "$generator" >"$dir.stamp"
  fi
  echo "$PWD/$dir"
}

floor=""
# measure NAME COMMAND...: runs it $runs times (it must succeed), prints a row.
# An argument's @RUN@ becomes the run's number, for a new output folder each.
measure() {
  local name="$1" times=() peak=0 run measured seconds kib median
  shift
  for ((run = 0; run < runs; run++)); do
    if ! /usr/bin/time -f '%e %M' -o "$out/time" "${@//@RUN@/$run}" >"$out/stdout" 2>"$out/stderr"; then
      echo "$name failed: $1 ${*:2:3} ..." >&2
      tail -n 20 "$out/stdout" "$out/stderr" >&2
      exit 1
    fi
    measured="$(tail -n 1 "$out/time")"
    seconds="${measured% *}"
    kib="${measured#* }"
    times+=("$seconds")
    [ "$kib" -gt "$peak" ] && peak="$kib"
  done
  median="$(printf '%s\n' "${times[@]}" | sort -g | awk '{ t[NR] = $1 } END { print t[int((NR + 1) / 2)] }')"
  [ -n "$floor" ] || floor="$median"
  awk -v name="$name" -v s="$median" -v f="$floor" -v kib="$peak" \
    'BEGIN { printf "%-36s %9.2f %9.1f %9.0f\n", name, s, (f > 0 ? s / f : 0), kib / 1024 }'
}

# peer NAME PROGRAM: the program's path, or nothing (and a note) when missing.
peer() {
  if [ -x "$2" ] || command -v "$2" >/dev/null 2>&1; then
    echo "$2"
  elif [ -n "$require_peers" ]; then
    echo "$1 is required (--require-peers) but not installed: $2" >&2
    exit 1
  else
    echo "left out: $1 is not installed ($2)" >&2
  fi
}
py_tools="${SOP_PY_TOOLS:+$SOP_PY_TOOLS/}"
check_jsonschema="$(peer check-jsonschema "${py_tools}check-jsonschema")"
yamllint="$(peer yamllint "${py_tools}yamllint")"
spectral="$(peer Spectral benches/peers/node_modules/.bin/spectral)"

# Spectral's ruleset: one rule that applies the SOP schema to the whole
# document. The schema is inlined, since a $ref to it resolves its own
# "#/$defs/..." references against the ruleset and applies nothing.
if [ -n "$spectral" ]; then
  node -e 'const schema = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const rule = { given: "$", severity: "error", then: { function: "schema", functionOptions: { schema } } };
    console.log(JSON.stringify({ rules: { "sop-schema": rule } }));' schemas/sop.schema.json >"$out/sop.spectral.json"
fi

echo "sop $("$sop" --version | cut -d' ' -f2), $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(date -u +%F), $profile build, median of $runs"
for size in "${sizes[@]}"; do
  dir="$(corpus "$size")"
  files=()
  while IFS= read -r file; do files+=("$file"); done < <(find "$dir/sops" -name '*.yaml' ! -name glossary.yaml | sort)
  one="${files[$((${#files[@]} / 2))]}"
  printf '\n%-36s %9s %9s %9s\n' "$size SOPs" "median s" "x floor" "peak MiB"
  floor=""
  measure "floor (parallel parse)" "$bin/examples/parse_floor" "$dir/sops"
  # Cold (--no-cache: the targets hold without the cache), then with the
  # cache warmed by one run before.
  rm -rf "$dir/.sop-cache"
  measure "sop lint --no-cache" "$sop" lint --no-cache "$dir/sops"
  measure "sop lint, one file, --no-cache" "$sop" lint --no-cache "$one"
  "$sop" lint --quiet "$dir/sops" >/dev/null
  "$sop" lint --quiet "$one" >/dev/null
  measure "sop lint, warm cache" "$sop" lint "$dir/sops"
  measure "sop lint, one file, warm cache" "$sop" lint "$one"
  # Each run writes a new folder, and nothing is removed until the end: on
  # ext4 without a journal (this machine's disk), creating a file while
  # thousands of files deleted in the last 5 minutes (if their inode table
  # is not yet written back) cost up to 10 s of kernel time on 10,000
  # files, as the inode allocator passes over each of them, every time.
  # So the outputs take room: about 4 GB for 10,000 SOPs, ten times that
  # for 100,000. The copy of a handbook is the cost of writing its files
  # and bytes.
  measure "sop render --format html" "$sop" render "$dir/sops" --format html --out "$out/html-$size-@RUN@"
  measure "copy of the handbook (cp -r)" cp -r "$out/html-$size-0" "$out/copy-$size-@RUN@"
  measure "sop graph --out" "$sop" graph "$dir/sops" --out "$out/charts-$size-@RUN@"
  # The peers take ~100 times longer: the smallest size only.
  if [ "$size" = "${sizes[0]}" ]; then
    [ -z "$check_jsonschema" ] || measure "check-jsonschema" "$check_jsonschema" --schemafile schemas/sop.schema.json "${files[@]}"
    [ -z "$spectral" ] || measure "spectral lint" "$spectral" lint --quiet --ruleset "$out/sop.spectral.json" "${files[@]}"
    [ -z "$yamllint" ] || measure "yamllint" "$yamllint" --strict -c benches/peers/yamllint.yaml "$dir/sops"
  fi
done
