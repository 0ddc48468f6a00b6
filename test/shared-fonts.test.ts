// Font files a batch shares with its workers (src/fonts/shared-bytes.ts): read
// once into shared memory, handed out without a copy, and the PDF is the same.
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fontBytes, shareFontFiles, useSharedFontFiles } from '../src/fonts/shared-bytes.js';
import { packagedFonts } from '../src/fonts/packaged.js';

afterEach(() => useSharedFontFiles(undefined));

describe('shared font files', () => {
  it('are the files bytes, handed out as views of the one shared buffer', () => {
    const path = packagedFonts.sansRegular;
    const shared = shareFontFiles([path, '/nonexistent/font.ttf']);
    expect(Object.keys(shared)).toEqual([path]);
    useSharedFontFiles(shared);
    const a = fontBytes(path);
    const b = fontBytes(path);
    expect(a.buffer).toBe(shared[path]);
    expect(b.buffer).toBe(a.buffer);
    expect(Buffer.compare(a, readFileSync(path))).toBe(0);
  });

  it('fall back to reading the file when not shared', () => {
    useSharedFontFiles({});
    const bytes = fontBytes(packagedFonts.sansBold);
    expect(bytes.buffer).toBeInstanceOf(ArrayBuffer);
    expect(() => fontBytes('/nonexistent/font.ttf')).toThrow(/ENOENT/);
  });
});
