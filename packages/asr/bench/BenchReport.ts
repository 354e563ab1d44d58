const LABEL_WIDTH = 46;

/** Prints the benchmark report as it goes: sections, figures with the issue's target beside them, and notes. */
export class BenchReport {
  readonly #write: (line: string) => void;

  constructor(write: (line: string) => void = (line) => console.log(line)) {
    this.#write = write;
  }

  heading(title: string): void {
    this.#write(`\n${title}\n${'-'.repeat(title.length)}`);
  }

  /** One figure; `target` is printed beside it (it never fails the run). */
  figure(label: string, value: string, target?: string): void {
    const dots = label.length + 1 < LABEL_WIDTH ? ` ${'.'.repeat(LABEL_WIDTH - label.length - 1)}` : '';
    this.#write(`  ${label}${dots} ${value}${target === undefined ? '' : `   (target ${target})`}`);
  }

  note(text: string): void {
    this.#write(`  ${text}`);
  }
}

/** `1234.5` ms as `1234 ms`, or as seconds past ten seconds. */
export function formatMs(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`;
}
