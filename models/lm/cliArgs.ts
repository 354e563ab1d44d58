// A small `--name value` parser for the LM tools (each tool lists its flags and defaults).
export function cliArgs<T extends Record<string, string>>(argv: readonly string[], defaults: T, usage: string): T {
  const out: Record<string, string> = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--help' || a === '-h') {
      console.log(usage);
      process.exit(0);
    }
    const name = a.replace(/^--/, '');
    if (!a.startsWith('--') || !(name in defaults) || i + 1 >= argv.length) {
      console.error(`unknown or incomplete option ${a}\n${usage}`);
      process.exit(2);
    }
    out[name] = argv[++i] as string;
  }
  return out as T;
}
