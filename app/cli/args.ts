import { parseArgs, type ParseArgsConfig } from "node:util";

/** Bad command-line input: printed with the usage hint, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export type OptionSpec = NonNullable<ParseArgsConfig["options"]>;

export interface Parsed {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** node:util parseArgs, strict, with its errors turned into UsageError. */
export function parseCommandLine(argv: string[], options: OptionSpec): Parsed {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options,
      allowPositionals: true,
      strict: true,
    });
    return { values: values as Parsed["values"], positionals };
  } catch (error) {
    throw new UsageError(
      error instanceof Error
        ? error.message.replace(/\. To specify a positional.*$/s, "")
        : String(error),
    );
  }
}

/** A string option's value, or undefined. */
export function stringOpt(parsed: Parsed, name: string): string | undefined {
  const value = parsed.values[name];
  return typeof value === "string" ? value : undefined;
}

/** A required string option; UsageError naming the flag when absent. */
export function requireOpt(parsed: Parsed, name: string): string {
  const value = stringOpt(parsed, name);
  if (value === undefined || value === "") throw new UsageError(`missing --${name}`);
  return value;
}

/** "10%", "10" or "2.5%" → 10 / 2.5; UsageError outside 0..100. */
export function parsePercent(text: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)%?$/.exec(text.trim());
  const value = match ? Number(match[1]) : NaN;
  if (!Number.isFinite(value) || value < 0 || value > 100) {
    throw new UsageError(`--${flag} must be a percentage between 0% and 100%, got "${text}"`);
  }
  return value;
}

/** "3/7" → { n: 3, of: 7 } (1-based n as restic's --read-data-subset). */
export function parseSubset(text: string, flag: string): { n: number; of: number } {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const n = match ? Number(match[1]) : NaN;
  const of = match ? Number(match[2]) : NaN;
  if (!match || of < 1 || n < 1 || n > of)
    throw new UsageError(`--${flag} must look like n/m with 1 ≤ n ≤ m, got "${text}"`);
  return { n, of };
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "90s", "15m", "2h", "1d", "0" → milliseconds. */
export function parseDuration(text: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(text.trim());
  if (!match)
    throw new UsageError(`--${flag} must be a duration like 30m, 2h or 1d, got "${text}"`);
  const value = Number(match[1]) * UNIT_MS[match[2] ?? "s"];
  return Math.round(value);
}

/** A non-negative integer option. */
export function parseCount(text: string, flag: string): number {
  if (!/^\d+$/.test(text.trim()))
    throw new UsageError(`--${flag} must be a whole number, got "${text}"`);
  return Number(text);
}

/** A fraction given as "0.2" or "20%". */
export function parseFraction(text: string, flag: string): number {
  if (text.trim().endsWith("%")) return parsePercent(text, flag) / 100;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0 || value > 1)
    throw new UsageError(`--${flag} must be between 0 and 1 (or 0%..100%), got "${text}"`);
  return value;
}

/** The resource type of a Shopify GID: "gid://shopify/Product/1" → "Product". */
export function typeOfGid(gid: string): string | undefined {
  return /^gid:\/\/shopify\/([A-Za-z]+)\/[^/]+/.exec(gid)?.[1];
}
