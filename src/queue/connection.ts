// Redis connections from a --redis URL. BullMQ needs maxRetriesPerRequest null
// so commands wait out a Redis restart instead of failing.
import { Redis } from 'ioredis';

export function redisFromUrl(url: string): Redis {
  const r = new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false });
  // reconnects are ioredis's job; an unhandled 'error' event would end the process
  r.on('error', () => undefined);
  return r;
}

/** A usable redis:// or rediss:// URL, or undefined. */
export function checkRedisUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === 'redis:' || u.protocol === 'rediss:' ? url : undefined;
  } catch {
    return undefined;
  }
}

export const BLOB_PREFIX = 'disclosure:blob:';
export const WRITTEN_PREFIX = 'disclosure:written:';

/** Fails within `ms` when Redis cannot be reached (commands would otherwise wait for it for ever). */
export async function reachable(r: Redis, url: string, ms = 5000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis not reachable at ${url} within ${ms / 1000} s`)), ms);
  });
  try {
    await Promise.race([r.ping(), late]);
  } finally {
    clearTimeout(timer);
  }
}
