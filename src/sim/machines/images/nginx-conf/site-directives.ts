/**
 * The directives that shape how a learner's site answers (try_files, error_page, rewrite,
 * autoindex, allow/deny, set) read into the level they stand in, with the refusals nginx -t prints for them,
 * and the regular expressions of locations and rewrites checked as PCRE2 compiles them.
 */
import type { ErrorPage, Scope, ScriptOp } from "./model.ts";
import { accessRule } from "./access.ts";
import { ConfError } from "./parse.ts";

type RewriteFlag = NonNullable<Extract<ScriptOp, { op: "rewrite" }>["flag"]>;
const FLAGS: readonly string[] = ["last", "break", "redirect", "permanent"] satisfies RewriteFlag[];

const isFlag = (f: string): f is RewriteFlag => FLAGS.includes(f);

/** PCRE2's words for the mistakes JavaScript's RegExp reports too; both fail at the pattern's end for these. */
const PCRE2_ERRORS: readonly (readonly [RegExp, string])[] = [
  [/Unterminated group/i, "missing closing parenthesis"],
  [/Unterminated character class/i, "missing terminating ] for character class"],
  [/\\ at end of pattern/i, "\\ at end of pattern"],
];

/** A pattern nginx hands to pcre2_compile(), refused as nginx words it. */
export function checkRegex(source: string, caseless: boolean, at: string): void {
  try {
    new RegExp(source, caseless ? "i" : "");
  } catch (e) {
    const text = e instanceof Error ? e.message : "";
    const known = PCRE2_ERRORS.find(([re]) => re.test(text));
    const why = known ? known[1] : "invalid regular expression";
    throw new ConfError(`pcre2_compile() failed: ${why} in "${source}"${at}`);
  }
}

function errorPage(args: readonly string[], at: string): ErrorPage {
  const rest = [...args];
  const uri = rest.pop()!;
  let override: ErrorPage["override"];
  const last = rest[rest.length - 1]!;
  if (last.startsWith("=")) {
    rest.pop();
    const code = last.slice(1);
    if (code === "") override = "=";
    else if (/^\d+$/.test(code)) override = Number(code);
    else throw new ConfError(`invalid value "${last}"${at}`);
  }
  if (rest.length === 0) throw new ConfError(`invalid value "${last}"${at}`);
  const codes = rest.map((c) => {
    const n = /^\d+$/.test(c) ? Number(c) : NaN;
    if (Number.isNaN(n)) throw new ConfError(`invalid value "${c}"${at}`);
    if (n < 300 || n > 599) throw new ConfError(`value "${c}" must be between 300 and 599${at}`);
    return n;
  });
  return { codes, uri, ...(override !== undefined ? { override } : {}) };
}

function rewrite(args: readonly string[], at: string): ScriptOp {
  const [regex, to, flag] = args as [string, string, string | undefined];
  checkRegex(regex, false, at);
  if (flag !== undefined && !isFlag(flag)) throw new ConfError(`invalid parameter "${flag}"${at}`);
  // A replacement that names a scheme is a redirect without a flag.
  const kind = flag ?? (/^(https?:\/\/|\$scheme)/.test(to) ? "redirect" : undefined);
  return { op: "rewrite", regex, to, ...(kind !== undefined ? { flag: kind } : {}) };
}

/** Reads one of these directives into `scope`; the others are left as they are. */
export function siteDirective(
  name: string,
  args: readonly string[],
  scope: Scope,
  at: string,
  warn: (msg: string) => void,
): void {
  switch (name) {
    case "allow":
    case "deny":
      scope.access = [...(scope.access ?? []), accessRule(name === "allow", args[0]!, at, warn)];
      return;
    case "set": {
      const [variable, value] = args as [string, string];
      if (!/^\$[A-Za-z0-9_]+$/.test(variable)) throw new ConfError(`invalid variable name "${variable}"${at}`);
      scope.script = [...(scope.script ?? []), { op: "set", name: variable.slice(1), value }];
      return;
    }
    case "try_files":
      scope.tryFiles = args;
      return;
    case "error_page":
      scope.errorPages = [...(scope.errorPages ?? []), errorPage(args, at)];
      return;
    case "rewrite":
      scope.script = [...(scope.script ?? []), rewrite(args, at)];
      return;
    case "autoindex":
      scope.autoindex = args[0]!.toLowerCase() === "on";
      return;
  }
}
