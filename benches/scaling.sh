#!/usr/bin/env bash
# How each cost of `sop` grows with hostile input: every case of
# examples/hostile.rs at 1x, 4x and 16x its base size, timed with peak
# memory. A growth near 16 from 1x to 16x is linear; near 256 is quadratic.
# (Under ~0.05 s the times are mostly start-up, so the ratio says little.)
#
# Run: bash benches/scaling.sh [SCALES...]   (default: 1 4 16)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked --quiet --bin sop --example hostile
sop="$PWD/target/release/sop"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
scales=("${@:-1 4 16}")
read -r -a scales <<<"${scales[*]}"
for scale in "${scales[@]}"; do
  target/release/examples/hostile "$work/$scale" "$scale"
done
printf '%-24s' case
for scale in "${scales[@]}"; do printf '%18s' "${scale}x s / MiB"; done
printf '%10s\n' growth
for case_dir in "$work/${scales[0]}"/*/; do
  name="$(basename "$case_dir")"
  printf '%-24s' "$name"
  first="" last=""
  for scale in "${scales[@]}"; do
    dir="$work/$scale/$name"
    read -r -a command <"$dir/command" || true  # the file has no final newline
    # Findings make `sop` exit 1: the time is what counts here.
    (cd "$dir" && /usr/bin/time -f '%e %M' "$sop" "${command[@]}" >/dev/null 2>"$dir/stderr") || true
    measured="$(tail -n 1 "$dir/stderr")"
    seconds="${measured% *}"
    kib="${measured#* }"
    printf '%18s' "$seconds / $((kib / 1024))"
    first="${first:-$seconds}"
    last="$seconds"
  done
  awk -v a="$first" -v b="$last" 'BEGIN { if (a > 0) printf "%10.1f\n", b / a; else printf "%10s\n", "-" }'
done
