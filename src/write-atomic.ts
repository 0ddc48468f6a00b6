// Files appear whole or not at all: written to a temporary name in the same
// folder, then renamed into place (rename is atomic within a file system).
import { rename, writeFile, unlink } from 'node:fs/promises';
import { dirname, join, basename } from 'node:path';

export async function writeAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await writeFile(tmp, bytes);
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
}
