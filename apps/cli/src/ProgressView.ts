/** Per-file progress bars on a terminal; plain log lines (at most every 10%) when output is not a TTY. */
export interface ProgressStream {
  write(chunk: string): boolean;
  isTTY?: boolean;
  columns?: number;
}

type State = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

interface Row {
  name: string;
  fraction: number;
  state: State;
  note: string;
  lastLogged: number;
}

const WIDTH = 24;

export class ProgressView {
  readonly #out: ProgressStream;
  readonly #rows: Row[];
  readonly #tty: boolean;
  readonly #enabled: boolean;
  #drawn = 0;

  constructor(names: string[], out: ProgressStream, enabled = true) {
    this.#out = out;
    this.#tty = enabled && Boolean(out.isTTY);
    this.#rows = names.map((name) => ({ name, fraction: 0, state: 'queued', note: '', lastLogged: -1 }));
    this.#enabled = enabled;
    this.#render();
  }

  update(index: number, fraction: number): void {
    const row = this.#rows[index];
    if (!row) return;
    row.state = 'running';
    row.fraction = Math.max(0, Math.min(1, fraction));
    if (!this.#tty && this.#enabled) {
      const decile = Math.floor(row.fraction * 10);
      if (decile > row.lastLogged && decile < 10) {
        row.lastLogged = decile;
        this.#out.write(`${row.name}: ${decile * 10}%\n`);
      }
    }
    this.#render();
  }

  finish(index: number, state: Exclude<State, 'queued' | 'running'>, note = ''): void {
    const row = this.#rows[index];
    if (!row) return;
    row.state = state;
    row.note = note;
    if (state === 'done') row.fraction = 1;
    if (!this.#tty && this.#enabled) this.#out.write(`${row.name}: ${state}${note ? ` (${note})` : ''}\n`);
    this.#render();
  }

  #render(): void {
    if (!this.#tty) return;
    const cols = Math.max(40, this.#out.columns ?? 80);
    let s = this.#drawn > 0 ? `\x1b[${this.#drawn}A` : '';
    for (const r of this.#rows) {
      const filled = Math.round(r.fraction * WIDTH);
      const bar = `[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}]`;
      const pct = `${Math.round(r.fraction * 100)}%`.padStart(4);
      const status = r.state === 'running' || r.state === 'queued' ? r.state : `${r.state}${r.note ? `: ${r.note}` : ''}`;
      const line = `${bar} ${pct} ${r.name} ${status}`;
      s += `\x1b[2K${line.length > cols - 1 ? line.slice(0, cols - 2) + '…' : line}\n`;
    }
    this.#drawn = this.#rows.length;
    this.#out.write(s);
  }
}
