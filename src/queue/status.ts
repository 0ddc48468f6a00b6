// `disclosure queue status`: this version's queue, and any other version's
// queue that still has departments waiting (workers of that version are needed).
import { Queue } from 'bullmq';
import { reachable, redisFromUrl } from './connection.js';
import { queueName, queueVersion } from './version.js';

export interface QueueCounts {
  queue: string;
  queued: number;
  active: number;
  done: number;
  failed: number;
}

export async function queueStatus(url: string): Promise<QueueCounts[]> {
  const redis = redisFromUrl(url);
  try {
    await reachable(redis, url);
    const names = new Set([queueName(queueVersion())]);
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', 'bull:disclosure-*:meta', 'COUNT', 1000);
      cursor = next;
      for (const k of keys) names.add(k.slice('bull:'.length, -':meta'.length));
    } while (cursor !== '0');
    const out: QueueCounts[] = [];
    for (const name of names) {
      const q = new Queue(name, { connection: redis });
      q.on('error', () => undefined);
      const c = await q.getJobCounts('waiting', 'prioritized', 'delayed', 'active', 'completed', 'failed');
      out.push({
        queue: name,
        queued: (c.waiting ?? 0) + (c.prioritized ?? 0) + (c.delayed ?? 0),
        active: c.active ?? 0,
        done: c.completed ?? 0,
        failed: c.failed ?? 0,
      });
      await q.close();
    }
    return out;
  } finally {
    redis.disconnect();
  }
}
