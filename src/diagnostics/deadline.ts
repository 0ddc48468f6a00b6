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

/**
 * Characters a template may produce, counted at every #each iteration (nested
 * loops count their text once per level, so this errs high). A 500-page
 * disclosure is under a million characters; a loop that would print a hundred
 * million is stopped while it grows, before the text exists to exhaust memory.
 */
export const MAX_TEMPLATE_CHARS = 20_000_000;

export class OutputTooLarge extends Error {
  constructor(readonly chars: number) {
    super(`a template produced over ${chars} characters`);
    this.name = 'OutputTooLarge';
  }
}

let produced = 0;

/** Starts counting for one template expansion. */
export function startOutputCount(): void {
  produced = 0;
}

export function chargeOutput(chars: number): void {
  produced += chars;
  if (produced > MAX_TEMPLATE_CHARS) throw new OutputTooLarge(MAX_TEMPLATE_CHARS);
}
