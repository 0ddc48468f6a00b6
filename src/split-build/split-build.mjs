// Split-build thread bootstrap when running from the sources: registers tsx in
// this thread, then loads the TypeScript thread. (dist/ has the bundled one.)
import { register } from 'tsx/esm/api';

register();
await import('./thread.ts');
