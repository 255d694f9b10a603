#!/usr/bin/env bash
# Rebuild color/FOGRA39L_coated.icc from Fogra's FOGRA39L characterization data, to
# re-check its provenance (color/README.md).
#
#   scripts/make_cmyk_profile.sh [DATA_DIR] [OUTPUT]
#
# DATA_DIR holds FOGRA39L.ti3 (default: ../shared/color beside the repository).
# OUTPUT defaults to a file in a fresh temporary folder; the vendored profile is never
# overwritten unless you name it. Prints the output's SHA-256 and size and compares it
# with color/FOGRA39L_coated.icc (exit status 1 if they differ).
#
# Needs ArgyllCMS's colprof (Debian: apt-get install argyll). The vendored profile was made
# with argyll 2.3.1+repack-1.1+b1; another version may compute slightly different tables.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DATA_DIR=${1:-$ROOT/../shared/color}
OUTPUT=${2:-}
VENDORED=$ROOT/color/FOGRA39L_coated.icc

command -v colprof >/dev/null || { echo "colprof not found: apt-get install argyll" >&2; exit 2; }
[ -f "$DATA_DIR/FOGRA39L.ti3" ] || { echo "no $DATA_DIR/FOGRA39L.ti3" >&2; exit 2; }

WORK=$(mktemp -d)
[ -n "$OUTPUT" ] || OUTPUT=$WORK/out/FOGRA39L_coated.icc
mkdir -p "$(dirname "$OUTPUT")"
OUTPUT=$(cd "$(dirname "$OUTPUT")" && pwd)/$(basename "$OUTPUT")

cp "$DATA_DIR/FOGRA39L.ti3" "$WORK/"
(
    cd "$WORK"
    # The exact command (about a minute): black generation and ink limit as colord's
    # FOGRA39L_coated profile.
    colprof -qm -kp 0.0 0.3 0.94 0.94 0.48 -l 300 -D "FOGRA39L Coated" \
            -C "No copyright: CC0" -O FOGRA39L_coated.icc FOGRA39L
)

# colprof writes the current time into the ICC header's creation dateTime (bytes 24-35,
# six big-endian uint16: year, month, day, hour, minute, second) and has no option or
# SOURCE_DATE_EPOCH support to fix it; every other byte is the same from run to run.
# Pin it to 2026-12-02 00:00:00. The profile is ICC v2 with no profile ID (MD5), so no
# checksum needs updating.
printf '\007\352\000\014\000\002\000\000\000\000\000\000' |
    dd of="$WORK/FOGRA39L_coated.icc" bs=1 seek=24 count=12 conv=notrunc status=none

mv "$WORK/FOGRA39L_coated.icc" "$OUTPUT"
rm -rf "$WORK/FOGRA39L.ti3"
[ "$(dirname "$OUTPUT")" = "$WORK/out" ] || rm -rf "$WORK"

SHA=$(sha256sum "$OUTPUT" | cut -d' ' -f1)
echo "$OUTPUT"
echo "sha256 $SHA"
echo "size   $(wc -c <"$OUTPUT") bytes"
echo "argyll $(dpkg-query -W -f '${Version}' argyll 2>/dev/null || echo unknown)"
if [ -f "$VENDORED" ] && [ "$OUTPUT" != "$VENDORED" ]; then
    if cmp -s "$OUTPUT" "$VENDORED"; then
        echo "matches color/FOGRA39L_coated.icc"
    else
        echo "DIFFERS from color/FOGRA39L_coated.icc" >&2
        exit 1
    fi
fi
