// Minimal typings for cli-progress (no @types package installed).
declare module 'cli-progress' {
  export interface Options {
    format?: string;
    stream?: NodeJS.WritableStream;
    hideCursor?: boolean;
    clearOnComplete?: boolean;
    etaBuffer?: number;
    fps?: number;
  }
  export class SingleBar {
    constructor(opts: Options, preset?: unknown);
    start(total: number, start: number, payload?: Record<string, unknown>): void;
    update(current: number, payload?: Record<string, unknown>): void;
    stop(): void;
  }
  export const Presets: { shades_classic: unknown; shades_grey: unknown; legacy: unknown; rect: unknown };
}
