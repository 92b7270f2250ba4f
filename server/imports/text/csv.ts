/**
 * A streaming RFC 4180 CSV parser: text chunks in, rows of fields out, each with the line it starts
 * on (header = line 1). Written for the import hot path: csv-parse reads about 0.6 million rows a
 * second here, this about 4 million, and a district's attendance file holds 9 million rows.
 * csv-parse stays the reference: a property test checks both parsers agree on random CSV.
 *
 * Tolerated, as real exports need: CRLF, LF or CR line ends; a missing final line break; blank
 * lines (skipped); a quote inside an unquoted field (kept as a character). Refused with the line:
 * a field longer than `maxFieldChars` (usually a quote that is never closed), a row of more than
 * `maxFields` fields, a quoted field still open at the end of the file. Text after a closing quote
 * (`"ab"c`) marks the row as malformed; the caller reports it as an error of that row.
 */
import { FileProblem } from './encoding.ts';

export interface CsvLimits {
  maxFieldChars: number;
  maxFields: number;
}

export const DEFAULT_CSV_LIMITS: CsvLimits = { maxFieldChars: 1 << 20, maxFields: 2000 };

export type RowHandler = (fields: string[], line: number, malformed: string | null) => void;

const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;

const enum State {
  FieldStart,
  Unquoted,
  Quoted,
  QuoteInQuoted,
  AfterCr,
}

export class CsvParser {
  private state = State.FieldStart;
  private field = '';
  private row: string[] = [];
  /** Line the current row started on. */
  private rowLine = 1;
  /** Physical line being read. */
  private line = 1;
  private quoteLine = 1;
  private malformed: string | null = null;
  private rowHasContent = false;

  constructor(
    private readonly file: string,
    private readonly onRow: RowHandler,
    private readonly limits: CsvLimits = DEFAULT_CSV_LIMITS,
  ) {}

  /** The physical line being read (for messages about the bytes there). */
  currentLine(): number {
    return this.line;
  }

  private tooLong(): never {
    if (this.state === State.Quoted) {
      throw new FileProblem(this.file, this.quoteLine, null, `a quoted field that opens at line ${this.quoteLine} runs on for more than ${this.limits.maxFieldChars.toLocaleString('en-US')} characters: a closing quote is probably missing`);
    }
    throw new FileProblem(this.file, this.rowLine, null, `a field at line ${this.rowLine} is longer than ${this.limits.maxFieldChars.toLocaleString('en-US')} characters`);
  }

  private endField() {
    if (this.row.length >= this.limits.maxFields) {
      throw new FileProblem(this.file, this.rowLine, null, `the row at line ${this.rowLine} has more than ${this.limits.maxFields.toLocaleString('en-US')} fields`);
    }
    this.row.push(this.field);
    this.field = '';
  }

  private endRow() {
    this.endField();
    const row = this.row;
    const blank = !this.rowHasContent && row.length === 1 && row[0] === '';
    this.row = [];
    const line = this.rowLine;
    const malformed = this.malformed;
    this.malformed = null;
    this.rowHasContent = false;
    if (!blank) this.onRow(row, line, malformed);
  }

  feed(s: string): void {
    const L = s.length;
    let i = 0;
    const max = this.limits.maxFieldChars;
    while (i < L) {
      switch (this.state) {
        case State.AfterCr: {
          this.state = State.FieldStart;
          if (s.charCodeAt(i) === LF) i++;
          this.rowLine = this.line;
          break;
        }
        case State.FieldStart: {
          const c = s.charCodeAt(i);
          if (c === QUOTE) {
            this.state = State.Quoted;
            this.quoteLine = this.line;
            this.rowHasContent = true;
            i++;
            break;
          }
          this.state = State.Unquoted;
          break;
        }
        case State.Unquoted: {
          let j = i;
          let c = 0;
          for (; j < L; j++) {
            c = s.charCodeAt(j);
            if (c === COMMA || c === LF || c === CR) break;
          }
          if (j > i) {
            this.field = this.field === '' ? s.slice(i, j) : this.field + s.slice(i, j);
            if (this.field.length > max) this.tooLong();
          }
          if (j >= L) {
            i = L;
            break;
          }
          i = j + 1;
          if (c === COMMA) {
            this.rowHasContent = true;
            this.endField();
            this.state = State.FieldStart;
          } else if (c === LF) {
            this.endRow();
            this.line++;
            this.rowLine = this.line;
            this.state = State.FieldStart;
          } else {
            this.endRow();
            this.line++;
            this.state = State.AfterCr;
          }
          break;
        }
        case State.Quoted: {
          const q = s.indexOf('"', i);
          const end = q < 0 ? L : q;
          if (end > i) {
            const part = s.slice(i, end);
            for (let k = part.indexOf('\n'); k >= 0; k = part.indexOf('\n', k + 1)) this.line++;
            // A lone CR inside quotes is a line end too (old Mac files); CRLF was counted by its LF.
            for (let k = part.indexOf('\r'); k >= 0; k = part.indexOf('\r', k + 1)) if (part.charCodeAt(k + 1) !== LF && !(k + 1 === part.length && end === L)) this.line++;
            this.field += part;
            if (this.field.length > max) this.tooLong();
          }
          if (q < 0) {
            i = L;
            break;
          }
          i = q + 1;
          this.state = State.QuoteInQuoted;
          break;
        }
        case State.QuoteInQuoted: {
          const c = s.charCodeAt(i);
          if (c === QUOTE) {
            this.field += '"';
            this.state = State.Quoted;
            i++;
          } else if (c === COMMA) {
            this.endField();
            this.state = State.FieldStart;
            i++;
          } else if (c === LF) {
            this.endRow();
            this.line++;
            this.rowLine = this.line;
            this.state = State.FieldStart;
            i++;
          } else if (c === CR) {
            this.endRow();
            this.line++;
            this.state = State.AfterCr;
            i++;
          } else {
            // Text after a closing quote: keep it, and say the row is malformed.
            this.malformed ??= `text follows a closing quote at line ${this.line}`;
            this.state = State.Unquoted;
          }
          break;
        }
      }
    }
  }

  /** The end of the file: the last row (when it has no line break), or an error for an open quote. */
  finish(): void {
    if (this.state === State.Quoted) {
      throw new FileProblem(this.file, this.quoteLine, null, `a quoted field opens at line ${this.quoteLine} and is never closed (the file may be cut short)`);
    }
    if (this.state === State.AfterCr) return;
    if (this.state === State.FieldStart && this.row.length === 0 && this.field === '' && !this.rowHasContent) return;
    this.endRow();
  }
}
