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

/** Redis did not answer: one line naming the URL (without its password), in both languages. */
export class RedisUnreachable extends Error {
  constructor(
    readonly url: string,
    readonly seconds: number,
    /** what answered: nothing (timeout, refused), something that is not Redis, or Redis refusing the password */
    readonly kind: 'silent' | 'not_redis' | 'auth' = 'silent',
  ) {
    super(`Redis did not answer within ${seconds} s`);
    this.name = 'RedisUnreachable';
  }

  /** The one line a command prints. */
  line(lang: 'zh' | 'en'): string {
    const shown = this.url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
    const zh = {
      silent: `${this.seconds} 秒内连不上 Redis：地址或端口不对，或 Redis 没有运行`,
      not_redis: '这个地址上应答的不是 Redis（端口不对？）',
      auth: 'Redis 拒绝了密码或用户名',
    }[this.kind];
    const en = {
      silent: `Redis did not answer within ${this.seconds} s: wrong host or port, or Redis is not running`,
      not_redis: 'what answers at this address is not Redis (wrong port?)',
      auth: 'Redis refused the user name or password',
    }[this.kind];
    return lang === 'zh' ? `${shown} 错误 ${zh} [queue.unreachable]` : `${shown} error ${en} [queue.unreachable]`;
  }
}

/** Fails within `ms` when Redis cannot be reached (commands would otherwise wait for it for ever). */
export async function reachable(r: Redis, url: string, ms = 5000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  let refused: ((e: unknown) => void) | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RedisUnreachable(url, ms / 1000)), ms);
    // nothing listens there, or the host does not exist: no point waiting out the timeout
    refused = (e: unknown) => {
      if (['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN'].includes((e as { code?: string }).code ?? ''))
        reject(new RedisUnreachable(url, ms / 1000));
    };
    r.on('error', refused);
  });
  try {
    await Promise.race([
      r.ping().catch((e: unknown) => {
        // the library's own sentence ("Unknown RESP type 72", "WRONGPASS …") is not the clerk's
        const msg = e instanceof Error ? e.message : '';
        throw new RedisUnreachable(url, ms / 1000, /NOAUTH|WRONGPASS|invalid password|AUTH/i.test(msg) ? 'auth' : 'not_redis');
      }),
      late,
    ]);
  } finally {
    clearTimeout(timer);
    r.off('error', refused!);
  }
}
