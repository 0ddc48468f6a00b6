// An .xlsx is a zip: before any library inflates it, its central directory is
// read here and every part inflated once against a budget, so a 1.5 MB file
// that inflates to 1.5 GB is refused in milliseconds with a sentence naming
// the limit, not after 27 s and 1.7 GB in the zip library's own words. A file
// that is not a workbook at all (a CSV or an old .xls renamed .xlsx, a zip of
// something else) is named as what it is.
import { inflateRawSync } from 'node:zlib';
import { basename } from 'node:path';
import { tr, type Diagnostic, type Lang } from '../diagnostics/diagnostic.js';

/** Bounds on a workbook's parts: real department workbooks and catalogues inflate to a few MB in about twenty parts. */
export const ZIP_LIMITS = { totalBytes: 100 * 1048576, entries: 2000 } as const;

const MB = (n: number) => `${Math.round(n / 1048576)} MB`;

interface Entry {
  name: string;
  method: number;
  compressed: number;
  size: number;
  localOffset: number;
}

type Finding = { zh: string; en: string; hintZh: string; hintEn: string; code: string };

const resave = (what: string): Pick<Finding, 'hintZh' | 'hintEn'> => ({
  hintZh: `用 Excel 或 WPS 打开后“另存为”Excel 工作簿（.xlsx）${what}`,
  hintEn: `open it in Excel or WPS and save it as an Excel workbook (.xlsx)${what ? ' again' : ''}`,
});

/** What a file that is not a zip looks like, from its first bytes. */
function notZip(bytes: Uint8Array, ext: string): Finding {
  const head = Buffer.from(bytes.subarray(0, 8));
  if (head.length === 0) return { code: 'empty', zh: '文件是空的（0 字节）', en: 'the file is empty (0 bytes)', ...resave('') };
  if (head.readUInt32BE(0) === 0xd0cf11e0)
    return {
      code: 'not_xlsx',
      zh: `这是旧版 Excel（.xls）或设了密码的工作簿，只是扩展名写成了 ${ext}`,
      en: `this is an old Excel (.xls) or a password-protected workbook named ${ext}`,
      hintZh: '在 Excel 或 WPS 中去掉密码，“另存为”Excel 工作簿（.xlsx）',
      hintEn: 'remove the password and save it as an Excel workbook (.xlsx) in Excel or WPS',
    };
  if (head.subarray(0, 4).toString('latin1') === '%PDF')
    return { code: 'not_xlsx', zh: `这是 PDF 文件，只是扩展名写成了 ${ext}`, en: `this is a PDF file named ${ext}`, ...resave('') };
  const text = Buffer.from(bytes.subarray(0, 4096)).toString('utf8');
  // text with separators on its first line: a CSV (or tab-separated export) renamed
  // control characters (other than tab and line ends) mean binary content
  // eslint-disable-next-line no-control-regex
  if (!/[\x00-\x08\x0e-\x1f]/.test(text)) {
    const csv = /[,\t]/.test(text.split(/\r?\n/)[0] ?? '');
    return {
      code: 'not_xlsx',
      zh: `这个文件的内容是${csv ? ' CSV 表格' : '文本'}，不是 Excel 工作簿，只是扩展名写成了 ${ext}`,
      en: `this file holds ${csv ? 'a CSV table' : 'text'}, not an Excel workbook; only its name ends in ${ext}`,
      hintZh: csv ? '把扩展名改回 .csv，或用 Excel/WPS 打开后“另存为”.xlsx' : '用 Excel 或 WPS 打开后“另存为”Excel 工作簿（.xlsx）',
      hintEn: csv ? 'rename it back to .csv, or open it in Excel/WPS and save it as .xlsx' : 'open it in Excel or WPS and save it as an Excel workbook (.xlsx)',
    };
  }
  return {
    code: 'not_xlsx',
    zh: `这个文件不是 Excel 工作簿（扩展名是 ${ext}，内容不是）`,
    en: `this file is not an Excel workbook (its name ends in ${ext}; its content does not match)`,
    ...resave(''),
  };
}

const damaged = (why: string, whyEn: string): Finding => ({
  code: 'damaged',
  zh: `Excel 文件已损坏：${why}`,
  en: `the Excel file is damaged: ${whyEn}`,
  ...resave('（或找到未损坏的副本）'),
});

function centralDirectory(b: Buffer): Entry[] | Finding {
  // the end record is in the last 64 KB + 22 bytes (its comment may be up to 64 KB)
  let eocd = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 0xffff); i--)
    if (b.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  if (eocd < 0) return damaged('找不到 zip 目录（文件可能不完整，下载或复制时被截断）', 'its zip directory is missing (the file may be truncated)');
  let count = b.readUInt16LE(eocd + 10);
  let cdSize = b.readUInt32LE(eocd + 12);
  let cdOffset = b.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff) {
    // zip64: the locator sits just before the end record
    const loc = eocd - 20;
    if (loc < 0 || b.readUInt32LE(loc) !== 0x07064b50) return damaged('zip64 目录不完整', 'its zip64 directory is incomplete');
    const z = Number(b.readBigUInt64LE(loc + 8));
    if (z + 56 > b.length || b.readUInt32LE(z) !== 0x06064b50) return damaged('zip64 目录不完整', 'its zip64 directory is incomplete');
    count = Number(b.readBigUInt64LE(z + 32));
    cdSize = Number(b.readBigUInt64LE(z + 40));
    cdOffset = Number(b.readBigUInt64LE(z + 48));
  }
  if (count > ZIP_LIMITS.entries)
    return {
      code: 'too_large',
      zh: `Excel 文件里有 ${count} 个部件，超过 ${ZIP_LIMITS.entries} 个的上限（正常的工作簿只有几十个）`,
      en: `the Excel file holds ${count} parts, over the limit of ${ZIP_LIMITS.entries} (a normal workbook has a few dozen)`,
      hintZh: '检查是不是选错了文件；用 Excel 或 WPS 打开后“另存为”.xlsx',
      hintEn: 'check that it is the right file; save it again as .xlsx in Excel or WPS',
    };
  if (cdOffset + cdSize > b.length)
    return damaged('zip 目录超出了文件末尾（文件可能不完整）', 'its zip directory runs past the end of the file (it may be truncated)');
  const entries: Entry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > b.length || b.readUInt32LE(p) !== 0x02014b50) return damaged('zip 目录的记录不完整', 'a record of its zip directory is broken');
    const nameLen = b.readUInt16LE(p + 28);
    const extraLen = b.readUInt16LE(p + 30);
    const commentLen = b.readUInt16LE(p + 32);
    entries.push({
      name: b.subarray(p + 46, p + 46 + nameLen).toString('utf8'),
      method: b.readUInt16LE(p + 10),
      compressed: b.readUInt32LE(p + 20),
      size: b.readUInt32LE(p + 24),
      localOffset: b.readUInt32LE(p + 42),
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

const tooLarge = (): Finding => ({
  code: 'too_large',
  zh: `Excel 文件解压后超过 ${MB(ZIP_LIMITS.totalBytes)} 的上限（正常的工作簿解压后只有几 MB；这可能是“压缩炸弹”）`,
  en: `the Excel file inflates to more than the limit of ${MB(ZIP_LIMITS.totalBytes)} (a normal workbook inflates to a few MB; this may be a zip bomb)`,
  hintZh: '检查是不是选错了文件；用 Excel 或 WPS 打开后“另存为”.xlsx',
  hintEn: 'check that it is the right file; save it again as .xlsx in Excel or WPS',
});

/** Every part inflated once against what is left of the budget (the sizes a directory declares may lie). */
function inflateWithin(b: Buffer, entries: readonly Entry[]): Finding | null {
  let declared = 0;
  for (const e of entries) {
    declared += e.size === 0xffffffff ? Infinity : e.size;
    if (declared > ZIP_LIMITS.totalBytes) return tooLarge();
  }
  let left = ZIP_LIMITS.totalBytes;
  for (const e of entries) {
    if (e.name.endsWith('/')) continue;
    const h = e.localOffset;
    if (h + 30 > b.length || b.readUInt32LE(h) !== 0x04034b50) return damaged(`部件 ${e.name} 找不到`, `its part ${e.name} is missing`);
    const start = h + 30 + b.readUInt16LE(h + 26) + b.readUInt16LE(h + 28);
    const data = b.subarray(start, start + e.compressed);
    if (e.method === 0) {
      left -= data.length;
      if (left < 0) return tooLarge();
      continue;
    }
    if (e.method !== 8)
      return damaged(`部件 ${e.name} 用了不支持的压缩方法 ${e.method}`, `its part ${e.name} uses an unsupported compression method ${e.method}`);
    try {
      // inflating stops at the budget: memory and time stay bounded whatever the part holds
      left -= inflateRawSync(data, { maxOutputLength: Math.max(1, left) }).length;
    } catch (err) {
      if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) return tooLarge();
      return damaged(`部件 ${e.name} 解压失败`, `its part ${e.name} cannot be inflated`);
    }
    if (left < 0) return tooLarge();
  }
  return null;
}

/**
 * null when the bytes are a workbook within the bounds; otherwise the problem,
 * reported at the file (`code` prefix: workbook or catalogue).
 */
export function checkXlsx(file: string, bytes: Uint8Array, lang: Lang, prefix: 'workbook' | 'catalogue'): Diagnostic | null {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ext = (basename(file).match(/\.[^.]+$/)?.[0] ?? '.xlsx').toLowerCase();
  let found: Finding | null;
  if (b.length < 4 || b.readUInt32LE(0) !== 0x04034b50) found = notZip(b, ext);
  else {
    const entries = centralDirectory(b);
    if (!Array.isArray(entries)) found = entries;
    else if (!entries.some((e) => e.name === 'xl/workbook.xml')) {
      const word = entries.some((e) => e.name === 'word/document.xml');
      const ods = entries.some((e) => e.name === 'content.xml');
      found = {
        code: 'not_xlsx',
        zh: word
          ? `这是 Word 文档（.docx），只是扩展名写成了 ${ext}`
          : ods
            ? `这是 WPS/LibreOffice 表格（.ods），不是 Excel 工作簿`
            : `这是一个 zip 压缩包，但里面没有 Excel 工作簿（缺少 xl/workbook.xml）`,
        en: word
          ? `this is a Word document (.docx) named ${ext}`
          : ods
            ? 'this is an OpenDocument spreadsheet (.ods), not an Excel workbook'
            : 'this is a zip archive, but it holds no Excel workbook (xl/workbook.xml is missing)',
        ...resave(''),
      };
    } else found = inflateWithin(b, entries);
  }
  if (!found) return null;
  return { severity: 'error', code: `${prefix}.${found.code}`, message: tr(lang, found.zh, found.en), hint: tr(lang, found.hintZh, found.hintEn), file };
}

/**
 * The mark every workbook the tool writes as an output carries (summary.xlsx,
 * check.xlsx, the tables workbook): its category property. A batch whose
 * --out is inside its input folder skips them instead of building them as
 * departments. Workbooks written to be filled in (workbook, convert) have none.
 */
export const OUTPUT_MARK = 'disclosure-output';

/** True when the bytes are a workbook this tool wrote as an output. */
export function isOutputWorkbook(bytes: Uint8Array): boolean {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length < 22 || b.readUInt32LE(0) !== 0x04034b50) return false;
  const entries = centralDirectory(b);
  if (!Array.isArray(entries)) return false;
  const core = entries.find((e) => e.name === 'docProps/core.xml');
  if (!core || core.size > 65536) return false;
  const start = core.localOffset + 30 + b.readUInt16LE(core.localOffset + 26) + b.readUInt16LE(core.localOffset + 28);
  const data = b.subarray(start, start + core.compressed);
  try {
    const xml = (core.method === 8 ? inflateRawSync(data, { maxOutputLength: 65536 }) : data).toString('utf8');
    return xml.includes(`<cp:category>${OUTPUT_MARK}</cp:category>`);
  } catch {
    return false;
  }
}
