// Font files read once per process and shared by its worker threads. Each
// batch worker parses the CJK faces for itself (fontkit objects cannot cross
// threads), but the ~45 MB of file bytes under them need not be copied into
// every worker: the batch reads them into shared memory once and hands every
// worker the same bytes (fontkit reads a SharedArrayBuffer as it reads a Buffer).
import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { ensureDerivedFace } from './derived-faces.js';

export type SharedFontFiles = Readonly<Record<string, SharedArrayBuffer>>;

/** Reads the files into shared memory; a file that cannot be read is left out (read, and reported, where it is used). */
export function shareFontFiles(paths: readonly string[]): SharedFontFiles {
  const out: Record<string, SharedArrayBuffer> = {};
  for (const path of paths) {
    try {
      const fd = openSync(path, 'r');
      try {
        const size = fstatSync(fd).size;
        const sab = new SharedArrayBuffer(size);
        const bytes = new Uint8Array(sab);
        for (let at = 0; at < size;) {
          const n = readSync(fd, bytes, at, size - at, at);
          if (n === 0) throw new Error(`${path}: short read`);
          at += n;
        }
        out[path] = sab;
      } finally {
        closeSync(fd);
      }
    } catch {
      // left to fontBytes
    }
  }
  return out;
}

let shared: SharedFontFiles = {};

/** In a worker: the files its parent shared. */
export function useSharedFontFiles(files: SharedFontFiles | undefined): void {
  shared = files ?? {};
}

/** A font file's bytes: the shared ones if the parent shared it, else read now (a packaged face missing from the install cache is made first). */
export function fontBytes(path: string): Buffer {
  const sab = shared[path];
  if (sab) return Buffer.from(sab);
  if (!existsSync(path)) ensureDerivedFace(path);
  return readFileSync(path);
}
