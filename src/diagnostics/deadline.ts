// The department's time limit as a clock every long-running loop can look at:
// template expansion is synchronous (one #each nested six deep runs for
// minutes without returning), so the check has to be inside it, not after it.
// One department is built at a time per thread, so one clock per thread.

/** Thrown where the limit is found passed; the build turns it into limit.time at the culprit. */
export class DeadlineExceeded extends Error {
  constructor(readonly seconds: number) {
    super(`over the time limit of ${seconds} s`);
    this.name = 'DeadlineExceeded';
  }
}

let endsAt = Infinity;
let limitSeconds = Infinity;
let calls = 0;

/** Starts the clock for a department; returns a function that stops it. */
export function startDeadline(seconds: number, started = performance.now()): () => void {
  endsAt = started + seconds * 1000;
  limitSeconds = seconds;
  return () => {
    endsAt = Infinity;
    limitSeconds = Infinity;
  };
}

/** Cheap enough for every printed value: the clock is read once in 256 calls (well under a millisecond apart). */
export function checkDeadline(): void {
  if ((++calls & 255) !== 0 || endsAt === Infinity) return;
  if (performance.now() > endsAt) throw new DeadlineExceeded(limitSeconds);
}

/** Reads the clock now (between stages). */
export function deadlinePassed(): boolean {
  return performance.now() > endsAt;
}
