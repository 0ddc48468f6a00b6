// Where the built-in template set lives: its own module, so a caller that only
// needs the path does not load the template loader (yaml, zod, Handlebars).
import { sep } from 'node:path';
import { projectPath } from '../project-root.js';

export const builtinTemplates = projectPath('templates') + sep;
