// Watches what a department's build reads: its YAML file, the `templates/`
// folder beside it (which may appear or vanish while we watch) and every
// bureau template folder. Bursts of events (an editor's save is several) are
// debounced into one call.
import { existsSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export interface WatchOptions {
  /** the department YAML */
  file: string;
  /** template folders watched recursively (bureau sets); the one beside the YAML is added by itself */
  dirs: readonly string[];
  onChange: (paths: string[]) => void;
  debounceMs?: number;
}

export interface Watcher {
  close(): void;
}

export function watchSources(opts: WatchOptions): Watcher {
  const debounceMs = opts.debounceMs ?? 150;
  const dataDir = dirname(opts.file);
  const dataName = basename(opts.file);
  const own = join(dataDir, 'templates');
  const watchers = new Map<string, FSWatcher>();
  let pending: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const changed = (path: string) => {
    if (closed) return;
    pending.push(path);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const paths = [...new Set(pending)];
      pending = [];
      opts.onChange(paths);
    }, debounceMs);
  };

  const arm = (dir: string, recursive: boolean, filter?: (name: string) => boolean) => {
    if (closed || watchers.has(dir) || !existsSync(dir)) return;
    try {
      const w = watch(dir, { recursive, persistent: true }, (_event, name) => {
        const n = name?.toString() ?? '';
        if (!filter || filter(n)) changed(join(dir, n));
        if (dir === dataDir && n === 'templates') rearmOwn();
      });
      // a watched folder that is deleted or renamed: drop it; it is watched again if it comes back
      w.on('error', () => {
        w.close();
        watchers.delete(dir);
      });
      watchers.set(dir, w);
    } catch {
      /* unreadable or gone: nothing to watch */
    }
  };

  // the department's own templates/ folder: watched while it exists
  const rearmOwn = () => {
    const w = watchers.get(own);
    if (w && !existsSync(own)) {
      w.close();
      watchers.delete(own);
    } else if (!w) arm(own, true);
  };

  // editors often save by writing a new file and renaming it over the old one,
  // so the YAML is watched through its folder (not recursively: data/ may be big)
  arm(dataDir, false, (n) => n === dataName || n === 'templates');
  rearmOwn();
  for (const d of opts.dirs) arm(d, true);

  return {
    close() {
      closed = true;
      clearTimeout(timer);
      for (const w of watchers.values()) w.close();
      watchers.clear();
    },
  };
}
