/**
 * Docker CLI (cobra/pflag) argument parsing shared by the subcommands: long flags
 * with `=` or a separate value, bundled short flags (`-it`, `-dp 80:80`), repeated
 * flags, and flags stopping at the first positional when the command takes a
 * command line of its own (run, exec). Errors carry the CLI's wording.
 */
export interface FlagSpec {
  /** Boolean flags, short and long names (`-d`, `--detach`). */
  readonly bools: readonly string[];
  /** Flags that take a value. */
  readonly values: readonly string[];
  /** Aliases: `-d` → `--detach`, so results are keyed by the long name. */
  readonly aliases?: Readonly<Record<string, string>>;
  /** Stop at the first positional argument (interspersed=false). */
  readonly stopAtPositional?: boolean;
}

export interface ParsedFlags {
  readonly flags: Readonly<Record<string, readonly string[]>>;
  readonly args: readonly string[];
}

export type FlagResult =
  { readonly ok: true; readonly parsed: ParsedFlags } | { readonly ok: false; readonly error: string };

export function parseFlags(argv: readonly string[], spec: FlagSpec): FlagResult {
  const flags: Record<string, string[]> = {};
  const args: string[] = [];
  const canon = (f: string) => spec.aliases?.[f] ?? f;
  const put = (f: string, v: string) => {
    const k = canon(f);
    (flags[k] ??= []).push(v);
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") {
      args.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith("--") && a.length > 2) {
      const eq = a.indexOf("=");
      const name = eq >= 0 ? a.slice(0, eq) : a;
      if (spec.bools.includes(name)) {
        put(name, eq >= 0 ? a.slice(eq + 1) : "true");
      } else if (spec.values.includes(name)) {
        if (eq >= 0) put(name, a.slice(eq + 1));
        else {
          const v = argv[i + 1];
          if (v === undefined) return { ok: false, error: `flag needs an argument: ${name}` };
          put(name, v);
          i++;
        }
      } else return { ok: false, error: `unknown flag: ${name}` };
    } else if (a.startsWith("-") && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const f = `-${a[j]}`;
        // pflag takes `-P=false` (and `-dP=false`): a bool shorthand followed by `=` has its value.
        if (spec.bools.includes(f) && a[j + 1] === "=") {
          put(f, a.slice(j + 2));
          break;
        } else if (spec.bools.includes(f)) put(f, "true");
        else if (spec.values.includes(f)) {
          const rest = a.slice(j + 1);
          if (rest !== "") put(f, rest.startsWith("=") ? rest.slice(1) : rest);
          else {
            const v = argv[i + 1];
            if (v === undefined) return { ok: false, error: `flag needs an argument: '${a[j]}' in ${f}` };
            put(f, v);
            i++;
          }
          break;
        } else return { ok: false, error: `unknown shorthand flag: '${a[j]}' in ${a}` };
      }
    } else {
      args.push(a);
      if (spec.stopAtPositional) {
        args.push(...argv.slice(i + 1));
        break;
      }
    }
  }
  return { ok: true, parsed: { flags, args } };
}

export function flag(p: ParsedFlags, name: string): boolean {
  const v = p.flags[name];
  return v !== undefined && v[v.length - 1] !== "false";
}

export function value(p: ParsedFlags, name: string): string | undefined {
  const v = p.flags[name];
  return v?.[v.length - 1];
}

export function values(p: ParsedFlags, name: string): readonly string[] {
  return p.flags[name] ?? [];
}

/** Go's text/tabwriter as the Docker CLI configures it: minwidth 10, padding 3, spaces. */
export function tabwrite(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const r of rows) {
    r.forEach((cell, i) => {
      if (i < r.length - 1) widths[i] = Math.max(widths[i] ?? 0, Math.max(10, [...cell].length + 3));
    });
  }
  return rows
    .map(
      (r) =>
        r.map((cell, i) => (i < r.length - 1 ? cell + " ".repeat(widths[i]! - [...cell].length) : cell)).join("") +
        "\n",
    )
    .join("");
}

/** go-units HumanDuration. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 1) return "Less than a second";
  if (seconds === 1) return "1 second";
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.floor(seconds / 60);
  if (minutes === 1) return "About a minute";
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.floor(ms / 3_600_000 + 0.5);
  if (hours === 1) return "About an hour";
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.floor(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.floor(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24 / 30)} months`;
  return `${Math.floor(ms / 3_600_000 / 24 / 365)} years`;
}

export const DAEMON_DOWN =
  "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n";
