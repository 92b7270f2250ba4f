/**
 * Bytes of an import file → text. The encoding is read from the file, never assumed: a byte-order
 * mark (UTF-8, UTF-16 LE/BE), UTF-16 without a mark (every other byte NUL), else UTF-8 when the
 * opening bytes are valid UTF-8, else Windows-1252 / Latin-1 when the bytes read as plain text in it.
 * Anything else (NUL bytes, control characters, UTF-8 that breaks further on) is refused with the
 * reason, since a guess would store garbled names. Files are streamed: only one chunk is in memory.
 */
import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import chardet from 'chardet';

/** A problem with a whole file (line 0) or with the text at a line: the file cannot be read further. */
export class FileProblem extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: string | null,
    reason: string,
  ) {
    super(reason);
    this.name = 'FileProblem';
  }
}

export interface DetectedEncoding {
  /** A WHATWG encoding label TextDecoder understands. */
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
  bomLength: number;
  /** Said to the person importing when the file is not plain UTF-8 (a warning, not an error). */
  note: string | null;
}

const C1_UNDEFINED_IN_1252 = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

function isControl(b: number): boolean {
  return (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) || b === 0x7f;
}

/** How many well-formed UTF-8 multi-byte characters the bytes hold. */
function utf8Sequences(b: Buffer): number {
  let n = 0;
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    if (c < 0x80) continue;
    const len = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    if (!len || i + len > b.length) continue;
    let ok = true;
    for (let k = 1; k < len; k++) if ((b[i + k] & 0xc0) !== 0x80) ok = false;
    if (ok) {
      n++;
      i += len - 1;
    }
  }
  return n;
}

/** Whether bytes read in an encoding give text a CSV file could hold (mostly printable, no control characters). */
function plausibleText(bytes: Buffer, encoding: 'utf-16le' | 'utf-16be'): boolean {
  const even = bytes.subarray(0, bytes.length - (bytes.length % 2));
  const text = new TextDecoder(encoding).decode(even);
  let printable = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return false;
    if (c === 0xfffd || (c >= 0xd800 && c <= 0xdfff)) return false;
    if (c < 0x7f) printable++;
  }
  return text.length >= 2 && printable >= text.length / 2;
}

/** Reads the encoding from a file's first bytes (see the module comment). Throws FileProblem. */
export function detectEncoding(head: Buffer, file: string, isLastChunk: boolean): DetectedEncoding {
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3, note: null };
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) {
    if (head.length >= 4 && head[2] === 0 && head[3] === 0) throw new FileProblem(file, 0, null, 'the file is in UTF-32, which Village does not read; save it as UTF-8 CSV');
    return { encoding: 'utf-16le', bomLength: 2, note: 'the file is in UTF-16 (little-endian); it was read as such' };
  }
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2, note: 'the file is in UTF-16 (big-endian); it was read as such' };
  const sample = head.subarray(0, Math.min(head.length, 4096));
  let nulEven = 0;
  let nulOdd = 0;
  for (let i = 0; i < sample.length; i++) if (sample[i] === 0) (i % 2 === 0 ? nulEven++ : nulOdd++);
  const pairs = Math.floor(sample.length / 2);
  if (pairs > 0 && nulOdd > pairs * 0.3 && nulEven === 0 && plausibleText(sample, 'utf-16le')) return { encoding: 'utf-16le', bomLength: 0, note: 'the file is in UTF-16 (little-endian, without a byte-order mark); it was read as such' };
  if (pairs > 0 && nulEven > pairs * 0.3 && nulOdd === 0 && plausibleText(sample, 'utf-16be')) return { encoding: 'utf-16be', bomLength: 0, note: 'the file is in UTF-16 (big-endian, without a byte-order mark); it was read as such' };
  if (nulEven + nulOdd > 0) throw new FileProblem(file, 0, null, 'the file contains NUL bytes: it is not a text (CSV) file');

  // Valid UTF-8 so far? A multi-byte character cut by the end of the chunk is fine unless the file ends there.
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: !isLastChunk });
    for (let i = 0; i < sample.length; i++) {
      if (isControl(sample[i])) throw new FileProblem(file, 0, null, `the file contains control characters (byte ${sample[i]} near byte ${i}): it is not a text (CSV) file`);
    }
    return { encoding: 'utf-8', bomLength: 0, note: null };
  } catch (err) {
    if (err instanceof FileProblem) throw err;
  }
  if (utf8Sequences(head) > 0) {
    throw new FileProblem(file, 0, null, 'the file mixes UTF-8 with another encoding (some accented letters are UTF-8, others are not); save it again as UTF-8');
  }
  let plausible = true;
  for (let i = 0; i < head.length; i++) {
    const b = head[i];
    if (isControl(b) || C1_UNDEFINED_IN_1252.has(b)) {
      plausible = false;
      break;
    }
  }
  if (plausible) return { encoding: 'windows-1252', bomLength: 0, note: 'the file is not UTF-8; it was read as Latin-1 (Windows-1252). Check accented names, or save the file as UTF-8' };
  let guess = '';
  try {
    const g = chardet.detect(sample);
    if (g) guess = ` (it may be ${g}, or not text at all)`;
  } catch {
    /* no guess */
  }
  throw new FileProblem(file, 0, null, `the file is neither UTF-8, UTF-16 nor Latin-1${guess}; save it as UTF-8 CSV`);
}

export interface TextReadOptions {
  /** Bytes per read (default 1 MiB). */
  chunkBytes?: number;
  /** Called after each chunk with the bytes read so far. */
  onBytes?: (bytesRead: number) => void;
  onEncoding?: (e: DetectedEncoding) => void;
}

/**
 * The file's text, chunk by chunk. `currentLine()` of the caller is used in error messages when the
 * bytes stop being valid in the detected encoding; pass it as `lineOf`.
 */
/**
 * A streaming decoder. UTF-8 goes through Node's own decoder (the fastest here), which marks bad bytes
 * with U+FFFD: a chunk holding U+FFFD that its bytes do not spell out (EF BF BD) is not UTF-8.
 */
class Decoder {
  private readonly utf8: StringDecoder | null;
  private readonly other: TextDecoder | null;
  constructor(readonly encoding: DetectedEncoding['encoding']) {
    this.utf8 = encoding === 'utf-8' ? new StringDecoder('utf8') : null;
    this.other = encoding === 'utf-8' ? null : new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
  }
  /** Throws when the bytes are not valid in the encoding. */
  decode(chunk?: Buffer, options?: { stream: boolean }): string {
    if (!this.utf8) return this.other!.decode(chunk, options);
    const text = chunk ? this.utf8.write(chunk) : this.utf8.end();
    if (text.includes('\ufffd')) {
      let marks = 0;
      for (let i = text.indexOf('\ufffd'); i >= 0; i = text.indexOf('\ufffd', i + 1)) marks++;
      let spelled = 0;
      if (chunk) for (let i = chunk.indexOf(REPLACEMENT); i >= 0; i = chunk.indexOf(REPLACEMENT, i + 3)) spelled++;
      if (marks > spelled) throw new Error('invalid UTF-8');
    }
    return text;
  }
}

const REPLACEMENT = Buffer.from([0xef, 0xbf, 0xbd]);

export async function* readText(path: string, file: string, lineOf: () => number, options: TextReadOptions = {}): AsyncGenerator<string> {
  const stream = createReadStream(path, { highWaterMark: options.chunkBytes ?? 1 << 20 });
  let decoder: Decoder | null = null;
  let bytes = 0;
  let pending: Buffer | null = null;
  try {
    for await (const raw of stream) {
      let chunk = raw as Buffer;
      bytes += chunk.length;
      if (!decoder) {
        // Sniff on at least 4 KiB (or the whole file when it is smaller).
        pending = pending ? Buffer.concat([pending, chunk]) : chunk;
        if (pending.length < 4096) continue;
        chunk = pending;
        pending = null;
        const enc = detectEncoding(chunk, file, false);
        options.onEncoding?.(enc);
        decoder = new Decoder(enc.encoding);
        chunk = chunk.subarray(enc.bomLength);
      }
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        throw new FileProblem(file, lineOf(), null, `the bytes near line ${lineOf()} are not valid ${decoder.encoding.toUpperCase()}; the file mixes encodings — save it as UTF-8`);
      }
      options.onBytes?.(bytes);
      if (text) yield text;
    }
    if (!decoder) {
      const head = pending ?? Buffer.alloc(0);
      const enc = detectEncoding(head, file, true);
      options.onEncoding?.(enc);
      decoder = new Decoder(enc.encoding);
      let text: string;
      try {
        text = decoder.decode(head.subarray(enc.bomLength), { stream: true });
      } catch {
        throw new FileProblem(file, 1, null, `the file is not valid ${enc.encoding.toUpperCase()}; save it as UTF-8`);
      }
      options.onBytes?.(bytes);
      if (text) yield text;
    }
    let tail: string;
    try {
      tail = decoder.decode();
    } catch {
      throw new FileProblem(file, lineOf(), null, `the file ends in the middle of a ${decoder.encoding.toUpperCase()} character (it is cut short or not text)`);
    }
    if (tail) yield tail;
  } finally {
    stream.destroy();
  }
}
