// The kinds of value a setting can hold: how an environment string is parsed and checked, what the docs
// say is accepted, and how a value is shown. A parse failure is a sentence without the variable's name;
// loadConfig puts the name in front ("CONFAB_PORT must be an integer in 0..65535, got "x"").
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';

export interface ValueType<T> {
  /** What is accepted, for the docs ("integer 0–65535", "bytes 1 KiB–64 MiB"). */
  readonly accepts: string;
  /** The value of a non-empty environment string; throws an Error whose message completes "<NAME> …". */
  parse(raw: string): T;
  /** The value as an operator would write it (docs and `--check`). */
  show(value: T): string;
  /** A reading aid next to the value: "256 KiB" for 262144. */
  note?(value: T): string | undefined;
  /** Makes a parsed or default value final, e.g. a relative path absolute against the working directory. */
  resolve?(value: T, cwd: string): T;
}

export const text: ValueType<string> = {
  accepts: 'text',
  parse: (raw) => raw,
  show: (v) => v,
};

export function oneOf<const T extends string>(values: readonly T[]): ValueType<T> {
  return {
    accepts: values.map((v) => `\`${v}\``).join(', '),
    parse(raw) {
      if (!(values as readonly string[]).includes(raw))
        throw new Error(`must be one of ${values.join(', ')}, got "${raw}"`);
      return raw as T;
    },
    show: (v) => v,
  };
}

export function integer(min: number, max: number): ValueType<number> {
  return {
    accepts: `integer ${min}–${max}`,
    parse(raw) {
      const n = Number(raw);
      if (!Number.isInteger(n) || n < min || n > max)
        throw new Error(`must be an integer in ${min}..${max}, got "${raw}"`);
      return n;
    },
    show: String,
  };
}

/** An integer, or `auto`: one per core this process may use (os.availableParallelism()), within the range. */
export function countOrAuto(min: number, max: number): ValueType<number> {
  const plain = integer(min, max);
  return {
    accepts: `${plain.accepts}, or \`auto\` (one per CPU core, at most ${max})`,
    parse(raw) {
      if (raw.trim().toLowerCase() === 'auto') return Math.max(min, Math.min(max, availableParallelism()));
      try {
        return plain.parse(raw);
      } catch {
        throw new Error(`must be an integer in ${min}..${max} or auto, got "${raw}"`);
      }
    },
    show: String,
  };
}

/** An amount with optional unit suffixes (the first unit is the base): `bytes`, `milliseconds`. */
function measure(units: Readonly<Record<string, number>>, what: string, min: number, max: number) {
  const base = Object.keys(units)[0]!;
  const pattern = new RegExp(`^(\\d+)\\s*(${Object.keys(units).join('|')})?$`, 'i');
  const unitOf = (suffix: string) =>
    Object.entries(units).find(([u]) => u.toLowerCase() === suffix.toLowerCase())![1];
  /** The largest unit that divides the value, so 262144 reads "256 KiB". */
  const human = (n: number) => {
    const fit = Object.entries(units)
      .filter(([, size]) => n >= size && n % size === 0)
      .at(-1);
    return fit && fit[1] > 1 ? `${n / fit[1]} ${fit[0]}` : `${n} ${base}`;
  };
  const type: ValueType<number> = {
    accepts: `${what} ${human(min)}–${human(max)} (a number, or with ${Object.keys(units).join(', ')})`,
    parse(raw) {
      const m = pattern.exec(raw.trim());
      const n = m ? Number(m[1]) * unitOf(m[2] ?? base) : NaN;
      if (!Number.isSafeInteger(n) || n < min || n > max)
        throw new Error(`must be ${what} in ${human(min)}..${human(max)}, got "${raw}"`);
      return n;
    },
    show: String,
    note: (n) => (human(n) === `${n} ${base}` ? undefined : human(n)),
  };
  return type;
}

const BYTE_UNITS = { B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 };
const TIME_UNITS = { ms: 1, s: 1000, min: 60_000, h: 3_600_000 };

/** A size in bytes: `262144`, `256KiB`, `8 MiB`. */
export const bytes = (min: number, max: number): ValueType<number> => measure(BYTE_UNITS, 'bytes', min, max);

/** A duration in milliseconds: `30000`, `30s`, `2min`. */
export const milliseconds = (min: number, max: number): ValueType<number> =>
  measure(TIME_UNITS, 'a duration', min, max);

/** A directory or file, relative to the working directory of the server. */
export const path: ValueType<string> = {
  accepts: 'a path (relative to the working directory)',
  parse: (raw) => raw,
  show: (v) => v,
  resolve: (v, cwd) => resolve(cwd, v),
};

/** A URL with one of `protocols` (`'postgres:'` …); returned as written. Shown with its password masked. */
export function url(
  protocols: readonly string[],
  options: { trimSlashes?: boolean } = {},
): ValueType<string> {
  const schemes = protocols.join(' or ');
  return {
    accepts: `URL (${protocols.map((p) => `\`${p}//…\``).join(', ')})`,
    parse(raw) {
      let parsed: URL;
      try {
        parsed = new URL(raw);
      } catch {
        throw new Error(`must be a URL (${schemes}//…)`);
      }
      if (!protocols.includes(parsed.protocol)) throw new Error(`must start with ${schemes}//`);
      return options.trimSlashes ? raw.replace(/\/+$/, '') : raw;
    },
    show: maskPassword,
  };
}

/** `postgres://app:secret@db/x` → `postgres://app:***@db/x`: a check's output may end up in a ticket. */
export function maskPassword(value: string): string {
  try {
    const u = new URL(value);
    if (!u.password) return value;
    u.password = '***';
    return u.toString();
  } catch {
    return value;
  }
}
