// Text that comes from the data is text: a clerk's `reason: |` block may hold a
// line starting with `#`, `- ` or `::table`, and it must print as written, not
// as a heading, a list item or a table. Handlebars prints values verbatim (and
// never re-evaluates its output, so `{{…}}` in data is already literal); what
// remains is the line markup read after filling. Data strings therefore enter
// the template context with their line breaks and a markup-looking start
// replaced by private-use marks that the markup parser understands.

/** a line break inside a data value: a new body paragraph, never a new markup line */
export const DATA_BREAK = '\uE7F0';
/** put before a data value that starts like markup (`#`, `-`, `::`): the line is body text */
export const DATA_START = '\uE7F1';

// (not U+E000: projectTitle (src/tables/grid/grid-per.ts) marks its own placeholders with it)
const MARKS = /[\uE7F0\uE7F1]/g;

/** Does filled text hold data marks? */
export const hasDataMarks = (s: string): boolean => /[\uE7F0\uE7F1]/.test(s);
const LOOKS_LIKE_MARKUP = /^\s*(#|-|::)/;

/** One data string as it enters the template context. Ordinary one-line text is returned unchanged. */
export function dataText(s: string): string {
  const t = s.replace(MARKS, '').replace(/\r\n|\r|\n|\u2028|\u2029/g, DATA_BREAK);
  return LOOKS_LIKE_MARKUP.test(t) ? DATA_START + t : t;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => {
  if (v === null || typeof v !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

/** Every string inside plain objects and arrays marked as data text; class instances (Money, Date) kept as they are. */
export function asDataText<T>(v: T): T {
  if (typeof v === 'string') return dataText(v) as T;
  if (Array.isArray(v)) return v.map((x: unknown) => asDataText(x)) as T;
  if (isPlainObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, asDataText(x)])) as T;
  return v;
}

/** Filled text used outside the line markup (a table's title or note): the marks go, the breaks are line breaks again. */
export const plainText = (s: string): string => s.replace(/\uE7F1/g, '').replace(/\uE7F0/g, '\n');

/** Does a filled line start with data text (so it is not markup)? */
export const startsWithData = (trimmed: string): boolean => trimmed.startsWith(DATA_START);

/** A block's text split at the data's line breaks (empty pieces dropped), the marks removed. */
export const dataPieces = (text: string): string[] =>
  text
    .replace(/\uE7F1/g, '')
    .split(DATA_BREAK)
    .map((x) => x.trim())
    .filter(Boolean);
