/**
 * glibc 2.36's getopt_long, as iptables calls it: RETURN_IN_ORDER (optstring
 * starts with `-`, so a plain word comes back as code 1), errors silent and a
 * missing argument reported as `:` (optstring's `:`), `--` ends the options.
 * The state (optind, the rest of a short-option cluster) lives in the object,
 * so the caller can move optind back and re-run as iptables does after it
 * loads a protocol match. Long options match by unambiguous prefix; two
 * candidates are ambiguous only when they differ in has_arg or val.
 */

/** One entry of `struct option`: `val` is a character code or an extension's offset + id. */
export interface LongOption {
  readonly name: string;
  /** 0 none, 1 required, 2 optional. */
  readonly hasArg: 0 | 1 | 2;
  readonly val: number;
}

export const GETOPT_DONE = -1;
/** A word that is not an option (RETURN_IN_ORDER). */
export const GETOPT_NONOPT = 1;
export const GETOPT_UNKNOWN = "?".charCodeAt(0);
export const GETOPT_MISSING = ":".charCodeAt(0);

export class Getopt {
  /** Index of the next word to look at (1-based as in C: argv[0] is the program). */
  optind = 1;
  optarg: string | undefined;
  /** The option character that failed (0 for a long option). */
  optopt = 0;
  /** The rest of a cluster of short options (`-nvL` after `-n`). */
  private nextchar = "";
  private firstNonopt = 1;
  private lastNonopt = 1;
  private readonly shorts: ReadonlyMap<string, 0 | 1 | 2>;

  constructor(
    readonly argv: readonly string[],
    optstring: string,
  ) {
    const m = new Map<string, 0 | 1 | 2>();
    const s = optstring.replace(/^[-+]/, "").replace(/^:/, "");
    for (let i = 0; i < s.length; i++) {
      const c = s[i]!;
      if (c === ":") continue;
      const arg = s[i + 1] === ":" ? (s[i + 2] === ":" ? 2 : 1) : 0;
      m.set(c, arg);
    }
    this.shorts = m;
  }

  /** The next option's code, with `optarg` set; GETOPT_DONE at the end. */
  next(longopts: readonly LongOption[]): number {
    const argv = this.argv;
    const argc = argv.length;
    this.optarg = undefined;
    if (this.nextchar === "") {
      if (this.lastNonopt > this.optind) this.lastNonopt = this.optind;
      if (this.firstNonopt > this.optind) this.firstNonopt = this.optind;
      if (this.optind !== argc && argv[this.optind] === "--") {
        this.optind++;
        if (this.firstNonopt === this.lastNonopt) this.firstNonopt = this.optind;
        this.lastNonopt = argc;
        this.optind = argc;
      }
      if (this.optind >= argc) {
        if (this.firstNonopt !== this.lastNonopt) this.optind = this.firstNonopt;
        return GETOPT_DONE;
      }
      const word = argv[this.optind]!;
      if (word[0] !== "-" || word.length === 1) {
        this.optarg = argv[this.optind++];
        return GETOPT_NONOPT;
      }
      if (word[1] === "-") return this.longOption(word.slice(2), longopts);
      this.nextchar = word.slice(1);
    }
    const c = this.nextchar[0]!;
    this.nextchar = this.nextchar.slice(1);
    if (this.nextchar === "") this.optind++;
    const arg = this.shorts.get(c);
    if (arg === undefined || c === ":" || c === ";") {
      this.optopt = c.charCodeAt(0);
      return GETOPT_UNKNOWN;
    }
    if (arg === 2) {
      if (this.nextchar !== "") {
        this.optarg = this.nextchar;
        this.optind++;
      }
      this.nextchar = "";
    } else if (arg === 1) {
      if (this.nextchar !== "") {
        this.optarg = this.nextchar;
        this.optind++;
      } else if (this.optind === argc) {
        this.optopt = c.charCodeAt(0);
        this.nextchar = "";
        return GETOPT_MISSING;
      } else this.optarg = argv[this.optind++];
      this.nextchar = "";
    }
    return c.charCodeAt(0);
  }

  private longOption(text: string, longopts: readonly LongOption[]): number {
    const eq = text.indexOf("=");
    const name = eq < 0 ? text : text.slice(0, eq);
    let found: LongOption | undefined = longopts.find((o) => o.name === name);
    if (!found) {
      let ambiguous = false;
      for (const o of longopts) {
        if (!o.name.startsWith(name)) continue;
        if (!found) found = o;
        else if (found.hasArg !== o.hasArg || found.val !== o.val) ambiguous = true;
      }
      if (ambiguous) {
        this.optind++;
        this.optopt = 0;
        return GETOPT_UNKNOWN;
      }
    }
    if (!found) {
      this.optind++;
      this.optopt = 0;
      return GETOPT_UNKNOWN;
    }
    this.optind++;
    if (eq >= 0) {
      if (found.hasArg) this.optarg = text.slice(eq + 1);
      else {
        this.optopt = found.val;
        return GETOPT_UNKNOWN;
      }
    } else if (found.hasArg === 1) {
      if (this.optind < this.argv.length) this.optarg = this.argv[this.optind++];
      else {
        this.optopt = found.val;
        return GETOPT_MISSING;
      }
    }
    return found.val;
  }
}
