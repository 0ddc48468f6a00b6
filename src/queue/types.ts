// What a queued department carries: everything a worker on another machine
// needs to build it identically, so that it shares only the output folder.
import { z } from 'zod';

/** A folder or file of the submitter's, sent as content (stored once per hash), or one of the project's own. */
export const mountSchema = z.discriminatedUnion('kind', [
  /** a path inside the project (built-in templates, data/catalogue): the version pins its content */
  z.object({ kind: z.literal('builtin'), rel: z.string() }),
  /** a folder or file sent as a blob, `origin` its path on the submitter's machine (for messages) */
  z.object({ kind: z.literal('blob'), hash: z.string().regex(/^[0-9a-f]{64}$/), origin: z.string() }),
]);
export type Mount = z.infer<typeof mountSchema>;

export const blobSchema = z.object({
  type: z.enum(['dir', 'file', 'absent']),
  /** relative path → base64 bytes (a file blob has one entry, its basename) */
  files: z.array(z.tuple([z.string(), z.string()])),
});
export type Blob = z.infer<typeof blobSchema>;

export const queueJobSchema = z.object({
  /** the project version that must build it (queue/version.ts) */
  version: z.string(),
  /** the YAML's path on the submitter's machine, for messages and the summary */
  file: z.string(),
  name: z.string(),
  /** the department's folder: its YAML and the unit files it names */
  department: mountSchema,
  layers: z.array(mountSchema),
  catalogues: z.array(mountSchema),
  /** the shared output folder, the same path on every machine */
  outDir: z.string(),
  formats: z.array(z.enum(['pdf', 'docx'])),
  lang: z.enum(['zh', 'en']),
  strict: z.boolean(),
  /** pages and seconds per department (--max-pages, --max-seconds); the defaults where left out */
  limits: z.strictObject({ pages: z.number().positive().optional(), seconds: z.number().positive().optional() }).optional(),
});
export type QueueJob = z.infer<typeof queueJobSchema>;
