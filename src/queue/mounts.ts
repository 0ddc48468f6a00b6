// Folders and files travel as blobs: packed by the submitter, stored in Redis
// once per content hash (SET NX), unpacked by a worker into its cache once.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { tmpdir } from 'node:os';
import type { Redis } from 'ioredis';
import { parse } from 'yaml';
import { projectRoot } from '../project-root.js';
import { builtinTemplates } from '../templates/builtin.js';
import { BLOB_PREFIX } from './connection.js';
import { blobSchema, type Blob, type Mount } from './types.js';

function walk(dir: string, root: string, out: [string, string][]): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, root, out);
    else if (statSync(p).isFile()) out.push([relative(root, p), readFileSync(p).toString('base64')]);
  }
}

export function packPath(path: string): Blob {
  const s = statSync(path, { throwIfNoEntry: false });
  if (!s) return { type: 'absent', files: [] };
  if (s.isFile()) return { type: 'file', files: [[basename(path), readFileSync(path).toString('base64')]] };
  const files: [string, string][] = [];
  walk(path, path, files);
  files.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return { type: 'dir', files };
}

/** The YAML and the unit files it names (units[].file inside its folder): what a build reads beside it. */
export function packDepartment(file: string, text: string): Blob {
  const folder = dirname(resolve(file));
  const files: [string, string][] = [[basename(file), Buffer.from(text).toString('base64')]];
  let units: unknown;
  try {
    units = (parse(text) as { units?: unknown } | null)?.units;
  } catch {
    units = undefined; // the worker reports the YAML error at its line
  }
  if (Array.isArray(units))
    for (const u of units) {
      const f = (u as { file?: unknown } | null)?.file;
      if (typeof f !== 'string') continue;
      const p = resolve(folder, f);
      const rel = relative(folder, p);
      // a file outside the folder or missing: the build reports it (at the unit's line)
      if (!rel || rel.startsWith('..') || isAbsolute(rel) || !existsSync(p) || files.some(([r]) => r === rel)) continue;
      files.push([rel, readFileSync(p).toString('base64')]);
    }
  return { type: 'dir', files };
}

export const blobHash = (b: Blob): string => createHash('sha256').update(JSON.stringify(b)).digest('hex');

/** Stores the blob unless Redis has it already; returns its mount. */
export async function storeBlob(redis: Redis, blob: Blob, origin: string): Promise<Mount> {
  const hash = blobHash(blob);
  await redis.set(BLOB_PREFIX + hash, JSON.stringify(blob), 'NX');
  return { kind: 'blob', hash, origin };
}

/** A path of the project's own (pinned by the version) is not sent. */
export function builtinMount(path: string): Mount | undefined {
  const rel = relative(projectRoot, resolve(path));
  if (rel.startsWith('..') || isAbsolute(rel)) return undefined;
  return { kind: 'builtin', rel };
}

export interface Unpacked {
  /** the local path to hand to the build */
  path: string;
  /** local prefix → the submitter's path, for messages */
  map?: [string, string];
}

export class BlobCache {
  private readonly known = new Map<string, Promise<string>>();
  constructor(
    private readonly redis: Redis,
    readonly root = join(tmpdir(), 'disclosure-queue-cache'),
  ) {}

  async unpack(m: Mount): Promise<Unpacked> {
    if (m.kind === 'builtin') return { path: m.rel === 'templates' ? builtinTemplates : join(projectRoot, m.rel) };
    let p = this.known.get(m.hash);
    if (!p) {
      p = this.fetch(m.hash);
      p.catch(() => this.known.delete(m.hash));
      this.known.set(m.hash, p);
    }
    const local = await p;
    return { path: local, map: [local, m.origin] };
  }

  private async fetch(hash: string): Promise<string> {
    const dir = join(this.root, hash);
    const type = await readFile(join(dir, 'type'), 'utf8').catch(() => undefined);
    if (type) return localPath(dir, type, readdirSafe(join(dir, 'd')));
    const raw = await this.redis.get(BLOB_PREFIX + hash);
    if (!raw) throw new Error(`blob ${hash} is not in Redis`);
    const blob = blobSchema.parse(JSON.parse(raw));
    // unpacked beside its place and renamed: a worker beside this one may be doing the same
    const tmp = `${dir}.${process.pid}.${Date.now()}.tmp`;
    for (const [rel, b64] of blob.files) {
      const f = resolve(tmp, 'd', rel);
      if (!f.startsWith(resolve(tmp, 'd') + sep)) throw new Error(`blob ${hash}: bad path ${rel}`);
      await mkdir(dirname(f), { recursive: true });
      await writeFile(f, Buffer.from(b64, 'base64'));
    }
    await mkdir(tmp, { recursive: true });
    await writeFile(join(tmp, 'type'), blob.type);
    await rename(tmp, dir).catch(async () => rm(tmp, { recursive: true, force: true }));
    return localPath(
      dir,
      blob.type,
      blob.files.map(([r]) => r),
    );
  }
}

function readdirSafe(d: string): string[] {
  try {
    return readdirSync(d);
  } catch {
    return [];
  }
}

const localPath = (dir: string, type: string, names: string[]): string => (type === 'file' ? join(dir, 'd', names[0]!) : join(dir, 'd'));

/** Local paths in a worker's diagnostics back to the submitter's. */
export function mapBack<T>(value: T, maps: [string, string][]): T {
  if (!maps.length) return value;
  // longest first, so a file mount is not cut by its folder's
  const sorted = [...maps].sort((a, b) => b[0].length - a[0].length);
  const swap = (s: string) => sorted.reduce((acc, [local, origin]) => acc.split(local).join(origin), s);
  return JSON.parse(JSON.stringify(value), (_k, v: unknown) => (typeof v === 'string' ? swap(v) : v)) as T;
}
