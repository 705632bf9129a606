#!/usr/bin/env node
// Makes every model file in models/manifest.json available under models/files/ (git-ignored).
// Model binaries must never be committed, so this runs at set-up time (`npm run models`).
// Order per file: already present and verified → skip; else copy from a local mirror; else download.
// Every copy/download is checked against the manifest's size + sha256 before it is put in place.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url)); // resolve against the script, not cwd
const root = resolve(here, '..');
const outDir = join(here, 'files');
const stampFile = join(outDir, '.stamps.json');
const quiet = process.argv.includes('--quiet');
const envDir = process.env.STYLE_TRANSFER_MODELS_DIR;
const mirror = envDir ? resolve(envDir) : resolve(root, '../shared/models');
const mirrorFrom = envDir ? 'from STYLE_TRANSFER_MODELS_DIR' : 'default; STYLE_TRANSFER_MODELS_DIR not set';
const { files } = JSON.parse(await readFile(join(here, 'manifest.json'), 'utf8'));

// Paths are printed relative to cwd when that is shorter (../shared/models), else absolute (/nonexistent).
const show = (p) => { const r = relative(process.cwd(), p) || '.'; return r.length <= p.length ? r : p; };
const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');
const log = (msg) => { if (!quiet) console.log(msg); };

// Why the bytes are wrong, or null when they match the manifest entry.
function mismatch(entry, buf) {
  if (buf.length !== entry.bytes) return `size mismatch: expected ${entry.bytes} bytes got ${buf.length}`;
  const got = sha256(buf);
  return got === entry.sha256 ? null : `sha256 mismatch: expected ${entry.sha256} got ${got}`;
}

// Stamps (size + mtime + sha256 of files we verified) let re-runs skip hashing entirely.
let stamps = {};
try { stamps = JSON.parse(await readFile(stampFile, 'utf8')); } catch { /* first run or unreadable: rehash */ }

// Returns null if the local copy is good, else a reason (used only to explain a replacement).
async function checkLocal(entry, dest) {
  let st;
  try { st = await stat(dest); } catch { return 'missing'; }
  // Size first: a truncated or stale file is rejected without reading it.
  if (st.size !== entry.bytes) return `size mismatch: expected ${entry.bytes} bytes got ${st.size}`;
  const s = stamps[entry.file];
  if (s && s.size === st.size && s.mtimeMs === st.mtimeMs && s.sha256 === entry.sha256) return null;
  const why = mismatch(entry, await readFile(dest));
  if (!why) stamps[entry.file] = { size: st.size, mtimeMs: st.mtimeMs, sha256: entry.sha256 };
  return why;
}

// Writes beside the destination then renames, so an interrupted run never leaves a half file in place.
async function install(entry, dest, buf) {
  await mkdir(dirname(dest), { recursive: true });
  const tmp = `${dest}.tmp-${process.pid}`;
  try {
    await writeFile(tmp, buf);
    await rename(tmp, dest);
  } finally {
    await rm(tmp, { force: true });
  }
  const st = await stat(dest);
  stamps[entry.file] = { size: st.size, mtimeMs: st.mtimeMs, sha256: entry.sha256 };
}

async function fromMirror(entry) {
  const src = join(mirror, entry.file);
  if (!existsSync(src)) return { error: 'not found' };
  const st = await stat(src);
  if (st.size !== entry.bytes) return { error: `size mismatch: expected ${entry.bytes} bytes got ${st.size}` };
  const buf = await readFile(src);
  const why = mismatch(entry, buf);
  return why ? { error: why } : { buf };
}

async function fromUrl(entry) {
  let res;
  try {
    res = await fetch(entry.url, { signal: AbortSignal.timeout(120_000) });
  } catch (err) {
    // fetch() wraps the useful part (ENOTFOUND, ECONNREFUSED, ...) in err.cause.
    const cause = err.cause ? `: ${err.cause.message ?? err.cause}` : '';
    return { error: `network error: ${err.message}${cause}` };
  }
  if (!res.ok) return { error: `HTTP ${res.status} ${res.statusText}` };
  const buf = Buffer.from(await res.arrayBuffer());
  const why = mismatch(entry, buf);
  return why ? { error: why } : { buf };
}

const failures = [];
const counts = { present: 0, copied: 0, downloaded: 0 };
for (const entry of files) {
  const dest = join(outDir, entry.file);
  const local = await checkLocal(entry, dest);
  if (!local) { counts.present++; log(`models: ok ${entry.file} (already present)`); continue; }
  const note = local === 'missing' ? '' : `; replaced local copy, ${local}`;
  const tried = [`${show(dest)}: ${local}`];

  const mirrorSrc = join(mirror, entry.file);
  const m = existsSync(mirror) ? await fromMirror(entry) : { error: `not found (mirror folder ${show(mirror)} does not exist)` };
  if (m.buf) {
    await install(entry, dest, m.buf);
    counts.copied++; log(`models: ok ${entry.file} (copied from ${show(mirror)}${note})`); continue;
  }
  tried.push(`${show(mirrorSrc)}: ${m.error}`);

  const d = await fromUrl(entry);
  if (d.buf) {
    await install(entry, dest, d.buf);
    counts.downloaded++; log(`models: ok ${entry.file} (downloaded from ${entry.url}${note})`); continue;
  }
  tried.push(`${entry.url}: ${d.error}`);
  failures.push(entry.file);
  console.error(`models: FAILED ${entry.file}\n${tried.map((t) => `  - ${t}`).join('\n')}`);
}

if (existsSync(outDir)) await writeFile(stampFile, JSON.stringify(stamps, null, 1));
const summary = `${counts.present} already present, ${counts.copied} copied, ${counts.downloaded} downloaded`;
if (failures.length) {
  console.error(`models: ${failures.length} of ${files.length} files FAILED (${summary}).\n` +
    `  Mirror folder looked in: ${show(mirror)} (${mirrorFrom}).\n` +
    `  Fix: set STYLE_TRANSFER_MODELS_DIR to a folder holding the mirror (magenta-tflite/, seed-tfjs/ as in ` +
    `models/manifest.json),\n  or check network access to the URLs above, then run \`npm run models\` again.`);
  process.exit(1);
}
log(`models: all ${files.length} files ready in ${show(outDir)} (${summary})`);
