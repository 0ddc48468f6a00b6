// Install step (package.json postinstall): unwraps the packaged faces that npm
// ships as web fonts (LXGW WenKai) into TrueType under node_modules/.cache once,
// so no build pays for it. Idempotent; src/fonts/derived-faces.ts says why.
import { statSync } from 'node:fs';
import { ensureDerivedFaces } from '../src/fonts/derived-faces.js';

const started = Date.now();
const paths = ensureDerivedFaces();
const mb = paths.reduce((n, p) => n + statSync(p).size, 0) / 1e6;
console.log(`fonts: ${paths.length} derived faces ready (${mb.toFixed(1)} MB, ${Date.now() - started} ms)`);
