/**
 * Command-line flags for the benches, as bench/reservations-race.ts and bench/dispatcher-throughput.ts read
 * them: `--name=value`, or the environment variable BENCH_NAME, else the default. An unknown flag or a value
 * out of range stops the bench (exit code 1) before it starts anything, so a typo never measures the wrong thing.
 */
export interface Flags {
  int(name: string, fallback: number, min: number, max: number): number;
  number(name: string, fallback: number, min: number, max: number): number;
  ints(name: string, fallback: number[], min: number, max: number): number[];
  has(name: string): boolean;
}

export function readFlags(argv: string[], known: readonly string[]): Flags {
  const flags = new Map(
    argv
      .filter((a) => a.startsWith('--'))
      .map((a) => {
        const [key, ...rest] = a.slice(2).split('=');
        return [key, rest.length > 0 ? rest.join('=') : ''] as const;
      }),
  );
  const unknown = [...flags.keys()].filter((key) => !known.includes(key));
  if (unknown.length > 0) {
    usage(
      `Unknown flag(s): ${unknown.map((k) => `--${k}`).join(', ')}; known: ${known.map((f) => `--${f}`).join(', ')}`,
    );
  }
  const raw = (name: string) => {
    const value = flags.get(name) ?? process.env[`BENCH_${name.toUpperCase().replace(/-/g, '_')}`];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  const inRange = (name: string, value: number, min: number, max: number, what: string) => {
    if (!Number.isFinite(value) || value < min || value > max) usage(`--${name} must be ${what} from ${min} to ${max}`);
    return value;
  };
  const whole = (name: string, text: string, min: number, max: number) =>
    inRange(name, /^\d+$/.test(text) ? Number(text) : NaN, min, max, 'a whole number');
  return {
    int: (name, fallback, min, max) => {
      const text = raw(name);
      return text === undefined ? fallback : whole(name, text, min, max);
    },
    number: (name, fallback, min, max) => {
      const text = raw(name);
      return text === undefined
        ? fallback
        : inRange(name, /^\d*\.?\d+$/.test(text) ? Number(text) : NaN, min, max, 'a number');
    },
    ints: (name, fallback, min, max) => {
      const text = raw(name);
      return text === undefined ? fallback : text.split(',').map((part) => whole(name, part.trim(), min, max));
    },
    has: (name) => flags.has(name),
  };
}

function usage(message: string): never {
  console.error(message);
  process.exit(1);
}
