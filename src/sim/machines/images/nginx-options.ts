/**
 * nginx's command line as ngx_get_options reads it, shared by the `nginx` command and by
 * the image, which must know whether a container's command line serves (nginx.ts).
 */

const SIGNALS = new Set(["stop", "quit", "reopen", "reload"]);

export interface NginxOptions {
  version: boolean;
  help: boolean;
  configure: boolean;
  test: boolean;
  dump: boolean;
  quiet: boolean;
  signal?: string;
  conf: string;
  /** A `-g` directive turned `daemon off;`: the master stays in the foreground. */
  daemonOff: boolean;
}

/**
 * Every argument is `-` and option letters; a parameter follows in place or as the next
 * argument. A refusal comes back as nginx's own words.
 */
export function parseNginxArgs(argv: readonly string[]): NginxOptions | string {
  const o: NginxOptions = {
    version: false,
    help: false,
    configure: false,
    test: false,
    dump: false,
    quiet: false,
    conf: "/etc/nginx/nginx.conf",
    daemonOff: false,
  };
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith("-")) return `nginx: invalid option: "${a}"\n`;
    for (let j = 1; j < a.length; j++) {
      const ch = a[j]!;
      if (ch === "?" || ch === "h") o.version = o.help = true;
      else if (ch === "v") o.version = true;
      else if (ch === "V") o.version = o.configure = true;
      else if (ch === "t") o.test = true;
      else if (ch === "T") o.test = o.dump = true;
      else if (ch === "q") o.quiet = true;
      else if ("spceg".includes(ch)) {
        const rest = a.slice(j + 1);
        const param = rest !== "" ? rest : argv[++i];
        if (param === undefined) return `nginx: option "-${ch}" requires parameter\n`;
        if (ch === "s") {
          if (!SIGNALS.has(param)) return `nginx: invalid option: "-s ${param}"\n`;
          o.signal = param;
        } else if (ch === "c") o.conf = param;
        else if (ch === "g" && /(^|;)\s*daemon\s+off\s*;/.test(param)) o.daemonOff = true;
        break;
      } else return `nginx: invalid option: "${a.slice(j)}"\n`;
    }
  }
  return o;
}
