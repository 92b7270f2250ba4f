/**
 * Streaming XML for Ed-Fi interchanges: bytes → text (the file's encoding, detected from its
 * byte-order mark or XML declaration) → saxes → one small element tree per record (a child of the
 * interchange's root element), handed to a callback and then dropped. Memory stays bounded whatever
 * the file's size: a read chunk, one record, and the parser's own buffer, which is capped (a text
 * node or tag that runs on for megabytes without an element boundary is refused).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import iconv from 'iconv-lite';
import { SaxesParser, type SaxesTagPlain } from 'saxes';

/** One element of a record: its local name, attributes, trimmed text and child elements. */
export interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  text: string;
  children: XmlNode[];
  line: number;
}

export interface XmlRoot {
  /** Local name of the root element, e.g. InterchangeStudent. */
  name: string;
  /** Its namespace URI, read from the file (empty when the root has none). */
  namespace: string;
}

/** A problem that stops the reading of one file: named with its line (0 when unknown). */
export class XmlFileError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'XmlFileError';
  }
}

export const XML_LIMITS = {
  /** Characters the parser may hold between two element boundaries (one text node, one tag). */
  maxRun: 4 * 1024 * 1024,
  /** Elements nested inside one another. */
  maxDepth: 64,
  /** Elements in one record. */
  maxRecordNodes: 20_000,
  /** Bytes read per chunk. */
  chunkBytes: 64 * 1024,
};

type Decoder = { write(buf: Buffer): string; end(): string };

/** Which encoding the first bytes announce: byte-order mark, UTF-16 without one, or the declaration. */
export function sniffEncoding(head: Buffer): { encoding: string; bomLength: number } {
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  if (head.length >= 4 && head[0] === 0x3c && head[1] === 0x00 && head[2] === 0x3f && head[3] === 0x00) return { encoding: 'utf-16le', bomLength: 0 };
  if (head.length >= 4 && head[0] === 0x00 && head[1] === 0x3c && head[2] === 0x00 && head[3] === 0x3f) return { encoding: 'utf-16be', bomLength: 0 };
  const decl = /^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head.subarray(0, 512).toString('latin1'));
  return { encoding: decl ? decl[1].toLowerCase() : 'utf-8', bomLength: 0 };
}

function decoderFor(encoding: string): Decoder {
  const e = encoding.toLowerCase();
  if (e === 'utf-8' || e === 'utf8') {
    const d = new TextDecoder('utf-8', { fatal: true });
    let offset = 0;
    const wrap = (fn: () => string, len: number) => {
      try {
        const s = fn();
        offset += len;
        return s;
      } catch {
        throw new XmlFileError(`the file is not valid UTF-8 (a byte sequence that is not UTF-8 near byte ${offset.toLocaleString('en-US')}); save it as UTF-8 or declare its real encoding in the XML declaration`, 0);
      }
    };
    return { write: (buf) => wrap(() => d.decode(buf, { stream: true }), buf.length), end: () => wrap(() => d.decode(), 0) };
  }
  if (e === 'utf-16' || e === 'utf-16le' || e === 'utf-16be') {
    throw new XmlFileError(`the XML declaration says ${encoding}, but the file has no UTF-16 byte-order mark and its bytes are not UTF-16`, 1);
  }
  if (!iconv.encodingExists(e)) throw new XmlFileError(`the file's encoding "${encoding}" is not one Village can read; save it as UTF-8`, 1);
  const d = iconv.getDecoder(e);
  return { write: (buf) => d.write(buf), end: () => d.end() ?? '' };
}

function decoderForSniffed(encoding: string): Decoder {
  if (encoding === 'utf-16le') {
    const d = new TextDecoder('utf-16le');
    return { write: (b) => d.decode(b, { stream: true }), end: () => d.decode() };
  }
  if (encoding === 'utf-16be') {
    const d = iconv.getDecoder('utf16-be');
    return { write: (b) => d.write(b), end: () => d.end() ?? '' };
  }
  return decoderFor(encoding);
}

export interface ReadXmlOptions {
  /** Called with each record (a child element of the root) and the line where it starts. */
  onRecord?: (node: XmlNode) => void | Promise<void>;
  /** Called once the root element is known; return false to stop reading (used to sniff a file). */
  onRoot?: (root: XmlRoot) => boolean | void;
  /** Called after every chunk with the bytes read so far. */
  onBytes?: (bytesRead: number, totalBytes: number) => void;
  /** Awaited after every chunk: lets the consumer hold reading back while it writes what it has. */
  afterChunk?: () => void | Promise<void>;
}

/**
 * Reads one XML file as a stream, calling onRecord for every child of the root element. Resolves
 * with the root (null when the file was stopped by onRoot before any record). Throws XmlFileError
 * (with a line) when the file is not well-formed XML, is truncated, is in an unreadable encoding or
 * exceeds the limits.
 */
export async function readXmlRecords(file: string, options: ReadXmlOptions): Promise<{ root: XmlRoot | null; stopped: boolean }> {
  const total = (await stat(file)).size;
  // Namespaces are resolved here rather than by saxes (three times faster without): only the root's
  // declarations matter, and a record is Village's to read when it is in the root's namespace.
  const parser = new SaxesParser({ xmlns: false, position: true });
  const prefixes = new Map<string, string>();
  const namespaceOf = (qname: string, attrs: Record<string, string>): string => {
    const colon = qname.indexOf(':');
    const prefix = colon < 0 ? '' : qname.slice(0, colon);
    const own = prefix ? attrs[`xmlns:${prefix}`] : attrs.xmlns;
    return own ?? prefixes.get(prefix) ?? '';
  };
  let root: XmlRoot | null = null;
  let stopped = false;
  let depth = 0;
  let record: XmlNode | null = null;
  const stack: XmlNode[] = [];
  let recordNodes = 0;
  let lastBoundary = 0;
  let pending: Promise<void>[] = [];
  let error: XmlFileError | null = null;

  const fail = (message: string, line = parser.line): never => {
    throw new XmlFileError(message, line);
  };
  parser.on('error', (err) => {
    // saxes messages read "line:column: message"; keep the message, report the line separately.
    const message = String(err.message).replace(/^[^:]*?:?\d+:\d+: /, '');
    throw new XmlFileError(`the XML is not well formed: ${message}`, parser.line);
  });
  parser.on('opentag', (tag: SaxesTagPlain) => {
    lastBoundary = parser.position;
    depth++;
    if (depth > XML_LIMITS.maxDepth) fail(`elements are nested more than ${XML_LIMITS.maxDepth} deep`);
    const raw = tag.attributes as Record<string, string>;
    const colon = tag.name.indexOf(':');
    const local = colon < 0 ? tag.name : tag.name.slice(colon + 1);
    if (depth === 1) {
      for (const [k, v] of Object.entries(raw)) {
        if (k === 'xmlns') prefixes.set('', v);
        else if (k.startsWith('xmlns:')) prefixes.set(k.slice(6), v);
      }
      root = { name: local, namespace: namespaceOf(tag.name, raw) };
      if (options.onRoot && options.onRoot(root) === false) {
        stopped = true;
        throw new StopReading();
      }
      return;
    }
    const attrs: Record<string, string> = {};
    for (const [k, v] of Object.entries(raw)) if (!k.includes(':') && k !== 'xmlns') attrs[k] = v;
    const node: XmlNode = { name: local, attrs, text: '', children: [], line: parser.line };
    if (depth === 2) {
      // Records outside the root's namespace (extensions) are not Village's to read.
      record = namespaceOf(tag.name, raw) === (root?.namespace ?? '') ? node : null;
      recordNodes = 1;
    } else if (record) {
      recordNodes++;
      if (recordNodes > XML_LIMITS.maxRecordNodes) fail(`the <${record.name}> that starts on line ${record.line} has more than ${XML_LIMITS.maxRecordNodes.toLocaleString('en-US')} elements`);
      stack[stack.length - 1].children.push(node);
    }
    stack.push(node);
  });
  parser.on('text', (text) => {
    lastBoundary = parser.position;
    if (depth >= 2 && record && stack.length) {
      const top = stack[stack.length - 1];
      top.text = top.text ? top.text + text : text;
    }
  });
  parser.on('cdata', (text) => {
    lastBoundary = parser.position;
    if (depth >= 2 && record && stack.length) stack[stack.length - 1].text += text;
  });
  parser.on('closetag', () => {
    lastBoundary = parser.position;
    depth--;
    if (depth === 0) return;
    const node = stack.pop();
    if (node) node.text = node.text.trim();
    if (depth === 1) {
      const done = record;
      record = null;
      if (done && options.onRecord) {
        const r = options.onRecord(done);
        if (r && typeof (r as Promise<void>).then === 'function') pending.push(r as Promise<void>);
      }
    }
  });

  const stream = createReadStream(file, { highWaterMark: XML_LIMITS.chunkBytes });
  let decoder: Decoder | null = null;
  let bytesRead = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let buf = chunk;
      if (!decoder) {
        const sniffed = sniffEncoding(buf);
        decoder = decoderForSniffed(sniffed.encoding);
        buf = buf.subarray(sniffed.bomLength);
      }
      bytesRead += chunk.length;
      const text = decoder.write(buf);
      if (text.includes('\u0000')) fail('the file contains NUL characters: it is binary, or in an encoding its XML declaration does not name');
      parser.write(text);
      if (parser.position - lastBoundary > XML_LIMITS.maxRun) {
        fail(`a text or tag runs on for more than ${(XML_LIMITS.maxRun / 1024 / 1024).toFixed(0)} MB without an element boundary (after line ${parser.line})`);
      }
      if (pending.length) {
        const waiting = pending;
        pending = [];
        await Promise.all(waiting);
      }
      options.onBytes?.(bytesRead, total);
      if (options.afterChunk) await options.afterChunk();
    }
    if (!decoder) fail('the file is empty', 0);
    parser.write(decoder!.end());
    parser.close();
    if (!root) fail('the file has no root element', 0);
    if (pending.length) await Promise.all(pending);
  } catch (err) {
    if (err instanceof StopReading) return { root, stopped: true };
    error = err instanceof XmlFileError ? err : new XmlFileError(err instanceof Error ? err.message : String(err), parser.line);
  } finally {
    stream.destroy();
  }
  if (error) {
    // Let any record handlers already started settle before reporting.
    await Promise.allSettled(pending);
    throw error;
  }
  return { root, stopped };
}

class StopReading extends Error {}

/** Reads only as far as the root element: which interchange a file holds, from the file itself. */
export async function sniffRoot(file: string): Promise<XmlRoot> {
  const { root } = await readXmlRecords(file, { onRoot: () => false });
  if (!root) throw new XmlFileError('the file has no root element', 0);
  return root;
}

// ---- Reading a record tree -------------------------------------------------------------------

export function child(node: XmlNode | null | undefined, name: string): XmlNode | null {
  if (!node) return null;
  for (const c of node.children) if (c.name === name) return c;
  return null;
}

export function childrenNamed(node: XmlNode | null | undefined, name: string): XmlNode[] {
  return node ? node.children.filter((c) => c.name === name) : [];
}

/** The node at a '/'-separated path of child names, e.g. 'StudentReference/StudentIdentity/StudentUniqueId'. */
export function at(node: XmlNode | null | undefined, path: string): XmlNode | null {
  let cur: XmlNode | null = node ?? null;
  for (const part of path.split('/')) {
    cur = child(cur, part);
    if (!cur) return null;
  }
  return cur;
}

/** The trimmed text at a path, or null when absent or empty. */
export function textAt(node: XmlNode | null | undefined, path: string): string | null {
  const n = at(node, path);
  return n && n.text !== '' ? n.text : null;
}

/** The first descendant (depth first) with this name. */
export function find(node: XmlNode | null | undefined, name: string): XmlNode | null {
  if (!node) return null;
  for (const c of node.children) {
    if (c.name === name) return c;
    const deeper = find(c, name);
    if (deeper) return deeper;
  }
  return null;
}
