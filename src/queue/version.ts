// The version a worker builds for: the package version and a hash of the code,
// built-in templates, built-in catalogue and locked dependencies. Two machines
// with the same checkout agree; any difference means the output could differ,
// so they serve different queues and a job is never built by a mismatched worker.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { projectPath } from '../project-root.js';
import { packageVersion, templatesHash } from '../batch/hash.js';

let cached: string | undefined;
export function queueVersion(): string {
  // a test hook: a worker that pretends to be another build
  if (process.env.DISCLOSURE_QUEUE_VERSION) return process.env.DISCLOSURE_QUEUE_VERSION;
  if (cached) return cached;
  const h = createHash('sha256').update(templatesHash([projectPath('src'), projectPath('templates'), projectPath('data', 'catalogue')]));
  try {
    h.update(readFileSync(projectPath('package-lock.json')));
  } catch {
    // an install without a lock file: the code hash alone
  }
  cached = `${packageVersion()}-${h.digest('hex').slice(0, 12)}`;
  return cached;
}

/** One queue per version: a worker only ever sees jobs it can build identically. */
export const queueName = (version = queueVersion()): string => `disclosure-${version.replace(/[^0-9A-Za-z._-]/g, '_')}`;
