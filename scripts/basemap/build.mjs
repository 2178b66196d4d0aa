#!/usr/bin/env node
// Regenerates geo/data/basemap.geojson: Syria and its surroundings, clipped to
// BOX, simplified, coordinates in lon/lat order rounded to 4 decimals.
//
// Sources (see README.md for licences):
//   countries, land, sea, coast: Natural Earth 1:10m admin-0 countries
//                                (npm world-atlas, countries-10m.json)
//   rivers:                      GSHHG 2.3.7 WDBII rivers, read with `gmt coast`
//                                (Debian packages gmt + gmt-gshhg-high)
//   lakes:                       OpenStreetMap water polygons
//                                (npm @geo-maps/earth-lakes-1km)
//
// Usage: npm ci && node build.mjs [output-path]

import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as topojson from "topojson-client";
import mapshaper from "mapshaper";

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const OUT = resolve(process.argv[2] || resolve(here, "../../geo/data/basemap.geojson"));

const BOX = [34.5, 31.5, 43.5, 38.5]; // west, south, east, north
const BBOX = BOX.join(",");
// Douglas-Peucker tolerances in metres (mapshaper measures unprojected data on
// the sphere): ~0.005 deg for country borders, a little finer for rivers.
const SIMPLIFY_BORDERS_M = 450;
const SIMPLIFY_RIVERS_M = 350;
const SIMPLIFY_LAKES_M = 250;
const MIN_LAKE_KM2 = 15; // unnamed lakes smaller than this are dropped

// Natural Earth countries that reach into BOX, keyed by ISO 3166-1 numeric id
// as world-atlas stores it. Northern Cyprus has no id in world-atlas; only the
// tip of the Karpas peninsula is inside BOX, and it is labelled Cyprus.
const COUNTRIES = [
  { id: "760", name: "Syria", iso_a3: "SYR" },
  { id: "792", name: "Turkey", iso_a3: "TUR" },
  { id: "368", name: "Iraq", iso_a3: "IRQ" },
  { id: "400", name: "Jordan", iso_a3: "JOR" },
  { id: "422", name: "Lebanon", iso_a3: "LBN" },
  { id: "376", name: "Israel", iso_a3: "ISR" },
  { id: "275", name: "Palestine", iso_a3: "PSE" },
  { id: "682", name: "Saudi Arabia", iso_a3: "SAU" },
  { id: "196", name: "Cyprus", iso_a3: "CYP" },
  { ne_name: "N. Cyprus", name: "Cyprus", iso_a3: "CYP" },
];

// Rivers are traced through the GSHHG river network between waypoints
// (lon, lat) along each river; each waypoint snaps to the nearest river vertex.
// A null waypoint starts a new part (e.g. where a river crosses a lake).
const RIVERS = [
  {
    name: "Euphrates",
    via: [
      [39.05, 38.3], // Karakaya reservoir
      [38.32, 37.48], // Ataturk dam
      [37.99, 37.05], // Birecik
      [38.02, 36.83], // Jarablus
      [38.1, 36.1], // Lake Assad, west bend
      [38.55, 35.87], // Tabqa dam
      [39.02, 35.93], // Raqqa
      [40.15, 35.33], // Deir ez-Zor
      [40.93, 34.43], // Abu Kamal
      [41.95, 34.45], // Anah
      [42.4, 34.15], // Haditha
      [42.83, 33.64], // Hit
      [43.5, 33.4], // leaves the box near Ramadi
    ],
  },
  {
    name: "Tigris",
    via: [
      [40.0, 38.05], // above Diyarbakir
      [41.42, 37.71], // Hasankeyf
      [42.19, 37.32], // Cizre
      [42.36, 37.11], // Syria-Turkey-Iraq tripoint
      [43.14, 36.34], // Mosul
      [43.5, 35.05], // leaves the box above Baiji
    ],
  },
  {
    name: "Khabur",
    via: [
      [40.07, 36.84], // Ras al-Ain
      [40.75, 36.5], // Hasakah
      [40.43, 35.15], // Busayrah, joins the Euphrates
    ],
  },
  {
    name: "Orontes",
    via: [
      [36.37, 34.35], // Hermel
      [36.55, 34.65], // Lake Qattinah
      [36.75, 35.13], // Hama
      [36.32, 35.81], // Jisr al-Shughur
      [36.16, 36.2], // Antakya
      [35.96, 36.04], // mouth at Samandag
    ],
  },
  {
    name: "Jordan",
    via: [
      [35.62, 33.2], // Hula valley
      [35.63, 32.9], // into the Sea of Galilee
      null, // (the river crosses the lake)
      [35.57, 32.71], // out of the Sea of Galilee
      [35.56, 31.77], // Dead Sea
    ],
  },
];

// Names for lakes, by a point inside or near each; the nearest lake within
// 0.15 deg of a point takes its name.
const LAKES = [
  { name: "Lake Assad", at: [38.25, 35.98] },
  { name: "Lake Tishrin", at: [38.2, 36.55] },
  { name: "Lake Qattinah", at: [36.6, 34.65] },
  { name: "Sea of Galilee", at: [35.59, 32.82] },
  { name: "Dead Sea", at: [35.5, 31.6] },
  { name: "Sabkhat al-Jabbul", at: [37.55, 36.05] },
  { name: "Ataturk Reservoir", at: [38.5, 37.6] },
  { name: "Mosul Lake", at: [42.85, 36.75] },
  { name: "Lake Qadisiyah", at: [42.3, 34.3] },
  { name: "Lake Tharthar", at: [43.2, 33.9] },
  { name: "Lake Habbaniyah", at: [43.45, 33.2] },
];

// ---------------------------------------------------------------------------

const box = { type: "Polygon", coordinates: [[[BOX[0], BOX[1]], [BOX[2], BOX[1]], [BOX[2], BOX[3]], [BOX[0], BOX[3]], [BOX[0], BOX[1]]]] };

async function ms(cmd, input) {
  const files = {};
  for (const [k, v] of Object.entries(input)) files[k] = JSON.stringify(v);
  const out = await mapshaper.applyCommands(cmd, files);
  const key = Object.keys(out)[0];
  return JSON.parse(out[key].toString());
}

const fc = (features) => ({ type: "FeatureCollection", features });
const feature = (geometry, properties) => ({ type: "Feature", properties, geometry });
const byKind = (kind) => (f) => f.properties.kind === kind;

// --- Countries, land, sea and coast (Natural Earth 10m) --------------------

function naturalEarth() {
  const topo = require("world-atlas/countries-10m.json");
  const all = topojson.feature(topo, topo.objects.countries).features;
  const out = [];
  for (const c of COUNTRIES) {
    const f = all.find((g) => (c.id ? g.id === c.id : g.properties.name === c.ne_name));
    if (!f) throw new Error(`world-atlas has no country ${c.id || c.ne_name}`);
    out.push(feature(f.geometry, { kind: "country", name: c.name, iso_a3: c.iso_a3 }));
  }
  return fc(out);
}

async function countriesLandSeaCoast() {
  const src = naturalEarth();
  // Simplify first (topology-aware, so neighbours keep shared borders), then
  // clip; cut the coast out of the land outline before clipping so that the
  // box edges don't become coast.
  const simp = `-simplify dp interval=${SIMPLIFY_BORDERS_M} keep-shapes`;
  const countries = await ms(
    `-i countries.json ${simp} -dissolve2 fields=name,iso_a3,kind -clip bbox=${BBOX} -filter-slivers min-area=1km2 -o format=geojson precision=0.0001 out.json`,
    { "countries.json": src },
  );
  const land = await ms(
    `-i countries.json ${simp} -dissolve2 -clip bbox=${BBOX} -each 'kind="land",name="land"' -o format=geojson precision=0.0001 out.json`,
    { "countries.json": src },
  );
  const coast = await ms(
    `-i countries.json ${simp} -dissolve2 -lines -clip bbox=${BBOX} -each 'kind="coast",name="Mediterranean Sea"' -o format=geojson precision=0.0001 out.json`,
    { "countries.json": src },
  );
  const sea = await ms(
    `-i box.json land.json combine-files -erase target=box source=land -each 'kind="sea",name="Mediterranean Sea"' -target box -o format=geojson precision=0.0001 out.json`,
    { "box.json": fc([feature(box, {})]), "land.json": land },
  );
  // Keep only the largest sea part: the Mediterranean (the erase also leaves
  // nothing else, but be safe against tiny gaps between countries).
  return { countries: countries.features.filter((f) => f.geometry), land: land.features, sea: sea.features, coast: coast.features.filter((f) => f.geometry) };
}

// --- Rivers (GSHHG via gmt) -------------------------------------------------

function gmtRivers() {
  const segs = [];
  // gmt leaves a gmt.history file in its working directory: run it elsewhere.
  const cwd = mkdtempSync(resolve(tmpdir(), "basemap-gmt-"));
  for (const level of [1, 2, 3, 4]) {
    let txt;
    try {
      txt = execFileSync("gmt", ["coast", `-R${BOX[0]}/${BOX[2]}/${BOX[1]}/${BOX[3]}`, "-Dh", `-I${level}`, "-M"], { cwd, encoding: "utf8", maxBuffer: 1 << 28 });
    } catch (e) {
      throw new Error(`gmt coast failed (apt-get install gmt gmt-gshhg-high): ${e.message}`);
    }
    let cur = null;
    for (const line of txt.split("\n")) {
      if (line.startsWith(">")) {
        if (cur && cur.length > 1) segs.push(cur);
        cur = [];
        continue;
      }
      const p = line.trim().split(/\s+/).map(Number);
      if (p.length >= 2 && Number.isFinite(p[0]) && Number.isFinite(p[1])) (cur ||= []).push([p[0], p[1]]);
    }
    if (cur && cur.length > 1) segs.push(cur);
  }
  rmSync(cwd, { recursive: true, force: true });
  if (segs.length === 0) throw new Error("gmt coast printed no rivers: is gmt-gshhg-high installed?");
  return segs;
}

// A graph of river vertices: edges along each segment, plus short jumps
// between a segment's end and any vertex nearby (bin cuts, river mouths into
// lakes, tributary junctions that don't share a vertex).
function riverGraph(segs) {
  const key = (c) => `${c[0].toFixed(6)},${c[1].toFixed(6)}`;
  const ids = new Map();
  const pts = [];
  const adj = [];
  const id = (c) => {
    const k = key(c);
    let i = ids.get(k);
    if (i === undefined) {
      i = pts.length;
      ids.set(k, i);
      pts.push(c);
      adj.push([]);
    }
    return i;
  };
  const d = (a, b) => Math.hypot((a[0] - b[0]) * Math.cos(((a[1] + b[1]) / 2) * (Math.PI / 180)), a[1] - b[1]);
  const ends = [];
  for (const s of segs) {
    let prev = id(s[0]);
    ends.push(prev);
    for (let i = 1; i < s.length; i++) {
      const cur = id(s[i]);
      if (cur !== prev) {
        const w = d(pts[prev], pts[cur]);
        adj[prev].push([cur, w]);
        adj[cur].push([prev, w]);
      }
      prev = cur;
    }
    ends.push(prev);
  }
  const JUMP = 0.12;
  for (const e of ends) {
    for (let j = 0; j < pts.length; j++) {
      if (j === e) continue;
      const w = d(pts[e], pts[j]);
      if (w < JUMP) {
        adj[e].push([j, w * 4]);
        adj[j].push([e, w * 4]);
      }
    }
  }
  return { pts, adj, d };
}

function shortestPath(g, from, to) {
  const n = g.pts.length;
  const dist = new Float64Array(n).fill(Infinity);
  const prev = new Int32Array(n).fill(-1);
  dist[from] = 0;
  // Binary heap of [dist, node].
  const heap = [[0, from]];
  const push = (x) => {
    heap.push(x);
    let i = heap.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (heap[p][0] <= heap[i][0]) break;
      [heap[p], heap[i]] = [heap[i], heap[p]];
      i = p;
    }
  };
  const pop = () => {
    const top = heap[0];
    const last = heap.pop();
    if (heap.length) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < heap.length && heap[l][0] < heap[m][0]) m = l;
        if (r < heap.length && heap[r][0] < heap[m][0]) m = r;
        if (m === i) break;
        [heap[m], heap[i]] = [heap[i], heap[m]];
        i = m;
      }
    }
    return top;
  };
  while (heap.length) {
    const [du, u] = pop();
    if (du > dist[u]) continue;
    if (u === to) break;
    for (const [v, w] of g.adj[u]) {
      if (du + w < dist[v]) {
        dist[v] = du + w;
        prev[v] = u;
        push([dist[v], v]);
      }
    }
  }
  if (!Number.isFinite(dist[to])) return null;
  const path = [];
  for (let u = to; u !== -1; u = prev[u]) path.push(g.pts[u]);
  return path.reverse();
}

async function rivers() {
  const g = riverGraph(gmtRivers());
  const snap = (c) => {
    let best = -1, bd = Infinity;
    for (let i = 0; i < g.pts.length; i++) {
      const w = g.d(c, g.pts[i]);
      if (w < bd) (bd = w), (best = i);
    }
    if (bd > 0.2) throw new Error(`no river vertex within 0.2 deg of ${c}`);
    return best;
  };
  const out = [];
  for (const r of RIVERS) {
    const parts = [];
    let line = [];
    for (let i = 1; i < r.via.length; i++) {
      if (r.via[i] === null || r.via[i - 1] === null) {
        if (line.length > 1) parts.push(line);
        line = [];
        continue;
      }
      const p = shortestPath(g, snap(r.via[i - 1]), snap(r.via[i]));
      if (!p) {
        // No connection in the network: start a new part.
        console.warn(`${r.name}: no river path from ${r.via[i - 1]} to ${r.via[i]}`);
        if (line.length > 1) parts.push(line);
        line = [];
        continue;
      }
      line = line.length ? line.concat(p.slice(1)) : p;
    }
    if (line.length > 1) parts.push(line);
    const geometry = parts.length === 1 ? { type: "LineString", coordinates: parts[0] } : { type: "MultiLineString", coordinates: parts };
    out.push(feature(geometry, { kind: "river", name: r.name }));
  }
  const res = await ms(
    `-i rivers.json -simplify dp interval=${SIMPLIFY_RIVERS_M} -clip bbox=${BBOX} -o format=geojson precision=0.0001 out.json`,
    { "rivers.json": fc(out) },
  );
  return res.features.filter((f) => f.geometry);
}

// --- Lakes (OpenStreetMap via @geo-maps) -----------------------------------

function ringArea(r) {
  // Planar area in deg^2, then scaled to km^2 at the ring's latitude.
  let a = 0;
  let lat = 0;
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
    a += (r[j][0] - r[i][0]) * (r[j][1] + r[i][1]);
    lat += r[i][1];
  }
  lat /= r.length;
  return Math.abs(a / 2) * 111.32 * 111.32 * Math.cos((lat * Math.PI) / 180);
}

async function lakes() {
  const gc = require("@geo-maps/earth-lakes-1km/map.geo.json");
  const polys = [];
  for (const geom of gc.geometries) {
    const list = geom.type === "MultiPolygon" ? geom.coordinates : geom.type === "Polygon" ? [geom.coordinates] : [];
    for (const p of list) {
      const r = p[0];
      let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
      for (const [x, y] of r) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
      if (x1 < BOX[0] || x0 > BOX[2] || y1 < BOX[1] || y0 > BOX[3]) continue;
      const c = [(x0 + x1) / 2, (y0 + y1) / 2];
      polys.push({ p, c, area: ringArea(r) });
    }
  }
  // Name polygons near each named point; a lake may come in several pieces.
  const named = new Map();
  const unnamed = [];
  for (const q of polys) {
    let best = null, bd = Infinity;
    for (const l of LAKES) {
      // distance from the named point to the polygon's nearest vertex
      for (const v of q.p[0]) {
        const w = Math.hypot(v[0] - l.at[0], v[1] - l.at[1]);
        if (w < bd) (bd = w), (best = l);
      }
    }
    if (best && bd < 0.15) {
      if (!named.has(best.name)) named.set(best.name, []);
      named.get(best.name).push(q.p);
    } else if (q.area >= MIN_LAKE_KM2) {
      unnamed.push(q.p);
    }
  }
  const feats = [];
  for (const l of LAKES) {
    const ps = named.get(l.name);
    if (!ps) {
      console.warn(`lake ${l.name}: not found`);
      continue;
    }
    feats.push(feature({ type: "MultiPolygon", coordinates: ps }, { kind: "lake", name: l.name }));
  }
  for (const p of unnamed) feats.push(feature({ type: "Polygon", coordinates: p }, { kind: "lake", name: "" }));
  const res = await ms(
    `-i lakes.json -simplify dp interval=${SIMPLIFY_LAKES_M} keep-shapes -clip bbox=${BBOX} -o format=geojson precision=0.0001 out.json`,
    { "lakes.json": fc(feats) },
  );
  return res.features.filter((f) => f.geometry);
}

// ---------------------------------------------------------------------------

function tidy(f, source) {
  // Fixed property order: kind, name, then the rest; add the data source.
  const { kind, name, ...rest } = f.properties;
  return { type: "Feature", properties: { kind, name, ...rest, source }, geometry: f.geometry };
}

const { countries, land, sea, coast } = await countriesLandSeaCoast();
const riv = await rivers();
const lak = await lakes();

const order = ["SYR", "TUR", "IRQ", "JOR", "LBN", "ISR", "PSE", "SAU", "CYP"];
countries.sort((a, b) => order.indexOf(a.properties.iso_a3) - order.indexOf(b.properties.iso_a3));

const features = [
  ...sea.map((f) => tidy(f, "Natural Earth 10m admin-0 (complement of land)")),
  ...land.map((f) => tidy(f, "Natural Earth 10m admin-0")),
  ...countries.map((f) => tidy(f, "Natural Earth 10m admin-0")),
  ...lak.map((f) => tidy(f, "OpenStreetMap (geo-maps earth-lakes-1km)")),
  ...riv.map((f) => tidy(f, "GSHHG 2.3.7 WDBII rivers")),
  ...coast.map((f) => tidy(f, "Natural Earth 10m admin-0")),
];

// One feature per line: small diffs, still valid JSON.
const text =
  '{"type":"FeatureCollection",\n"bbox":[' + BBOX + '],\n"features":[\n' + features.map((f) => JSON.stringify(f)).join(",\n") + "\n]}\n";
writeFileSync(OUT, text);
const kinds = {};
for (const f of features) kinds[f.properties.kind] = (kinds[f.properties.kind] || 0) + 1;
console.log(`wrote ${OUT}: ${(text.length / 1024).toFixed(0)} KiB,`, kinds);
