/**
 * A CSV file written as a stream with bounded memory: RFC 4180 (a cell holding a comma, a quote or a
 * line break is quoted, quotes doubled), written verbatim (machine exchange: no spreadsheet
 * escaping), LF line ends. `line()` appends a line the caller has already formatted (attendance:
 * millions of rows whose fields never need quoting). Written under a temporary name and renamed by
 * `commit()`, so a failed run leaves no half-written file under a real name.
 */
import { createWriteStream, renameSync, rmSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';

export type Cell = string | number | null | undefined;

const FLUSH_CHARS = 1 << 16;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  const s = typeof value === 'number' ? String(value) : value;
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export class CsvFile {
  readonly path: string;
  private readonly temp: string;
  private readonly stream: WriteStream;
  /** Text waiting to be written: kept small, so the string stays cheap to build and to encode. */
  private text = '';
  private error: Error | null = null;
  rows = 0;

  constructor(path: string, header: readonly string[]) {
    this.path = path;
    this.temp = `${path}.partial`;
    this.stream = createWriteStream(this.temp, { encoding: 'utf8' });
    this.stream.on('error', (err) => {
      this.error = err;
    });
    this.text = `${header.map(csvCell).join(',')}\n`;
  }

  /** A row of values, quoted where needed; null and undefined are empty cells. */
  row(values: readonly Cell[]): void {
    let line = '';
    for (let i = 0; i < values.length; i++) line += i ? `,${csvCell(values[i])}` : csvCell(values[i]);
    this.line(line);
  }

  /** A line already formatted as CSV, without its line break. */
  line(text: string): void {
    this.text += text;
    this.text += '\n';
    this.rows++;
  }

  /** Enough is buffered to be written: callers then `await flush()` (which waits for the disk when the stream is full). */
  get full(): boolean {
    return this.text.length >= FLUSH_CHARS;
  }

  async flush(): Promise<void> {
    if (this.error) throw this.error;
    if (!this.text) return;
    const chunk = this.text;
    this.text = '';
    // events.once rejects if the stream fails while we wait.
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
    if (this.error) throw this.error;
  }

  /** Finishes the file under a temporary name. */
  async close(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve, reject) => {
      this.stream.end((err?: Error | null) => (err ? reject(err) : resolve()));
    });
    if (this.error) throw this.error;
  }

  /** Gives the finished file its name. */
  commit(): void {
    renameSync(this.temp, this.path);
  }

  /** Removes the temporary file (after a failure). */
  discard(): void {
    this.stream.destroy();
    rmSync(this.temp, { force: true });
  }
}
