// DOCX thread bootstrap when running from the sources: registers tsx in this
// thread, then loads the TypeScript thread. (The bundle in dist/ has its own.)
import { register } from 'tsx/esm/api';

register();
await import('./thread-worker.ts');
