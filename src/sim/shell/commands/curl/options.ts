/** curl 7.88's command line: its options, as getopt-like parsing of them reads them. */
export interface CurlOptions {
  silent: boolean;
  showError: boolean;
  verbose: boolean;
  head: boolean;
  include: boolean;
  fail: boolean;
  location?: boolean;
  maxTime?: number;
  connectTimeout?: number;
  output?: string;
  /** -D/--dump-header FILE: the response's headers go there (`-`: stdout, before the body). */
  dumpHeader?: string;
  writeOut?: string;
  userAgent?: string;
  url?: string;
  /** Every URL operand in order; -o pairs with them one by one. */
  urls: string[];
  outputs: string[];
  /** `-H`, in order. */
  headers: string[];
  method?: string;
  /** -4 / -6: resolve names to that family only. */
  ipv4?: boolean;
  ipv6?: boolean;
  /** -g: `[` and `{` in the URL are literal, not curl's globs. */
  globoff?: boolean;
  /** --path-as-is: `.` and `..` in the URL's path are sent as written, not resolved first. */
  pathAsIs?: boolean;
  /** -0/--http1.0: the request line says HTTP/1.0. */
  http10?: boolean;
  /** -r/--range: the bytes asked for, sent as `Range: bytes=…`. */
  range?: string;
  /** --compressed: curl offers the encodings its libcurl decodes. */
  compressed?: boolean;
  /** -d/--data and its kin, in order: curl joins them with `&` and POSTs them. */
  data: DataArg[];
  /** --resolve HOST:PORT:ADDR, in order. */
  resolve: string[];
  /** --interface: an interface name or a local address to connect from. */
  iface?: string;
  /** -e/--referer: sent as `Referer:`. */
  referer?: string;
  /** -u/--user USER:PASS: sent as `Authorization: Basic …`. */
  user?: string;
  /** --create-dirs: -o's missing directories are made first. */
  createDirs?: boolean;
  /** Why -o's file cannot be opened (a missing directory, -O's empty name): curl finds out at the first byte. */
  writeFail?: string;
  /** --retry N: curl retries only transient errors (timeouts, 408, 429, 5xx), none of which it met here. */
  retry?: string;
}

/** One -d: its text, and how an `@FILE` in it is read (--data-raw: never; --data-binary: as is; else without newlines). */
export interface DataArg {
  readonly text: string;
  readonly from: "raw" | "binary" | "ascii";
}

/** What -O puts among -o's files: the URL's own last segment names the file (curl.ts). */
export const REMOTE_NAME = "\u0000remote-name";

export const USAGE = "curl: try 'curl --help' or 'curl --manual' for more information\n";

type Parsed = { ok: true; opts: CurlOptions } | { ok: false; stderr: string; exitCode: number };

const WITH_ARG: Readonly<Record<string, keyof CurlOptions>> = {
  "-m": "maxTime",
  "--max-time": "maxTime",
  "--connect-timeout": "connectTimeout",
  "-o": "output",
  "--output": "output",
  "-D": "dumpHeader",
  "--dump-header": "dumpHeader",
  "-w": "writeOut",
  "--write-out": "writeOut",
  "-A": "userAgent",
  "--user-agent": "userAgent",
  "-H": "headers",
  "--header": "headers",
  "-X": "method",
  "--request": "method",
  "-d": "data",
  "--data": "data",
  "--data-raw": "data",
  "--data-binary": "data",
  "--data-ascii": "data",
  "--resolve": "resolve",
  "--interface": "iface",
  "-r": "range",
  "--range": "range",
  "-e": "referer",
  "--referer": "referer",
  "-u": "user",
  "--user": "user",
  "--retry": "retry",
};
const FLAGS: Readonly<Record<string, keyof CurlOptions>> = {
  "-s": "silent",
  "--silent": "silent",
  "-S": "showError",
  "--show-error": "showError",
  "-v": "verbose",
  "--verbose": "verbose",
  "-I": "head",
  "--head": "head",
  "-i": "include",
  "--include": "include",
  "-f": "fail",
  "--fail": "fail",
  // Accepted and without effect here: no redirects happen in the lab, no TLS.
  "-L": "location",
  "--location": "location",
  "-k": "location",
  "--insecure": "location",
  "-4": "ipv4",
  "--ipv4": "ipv4",
  "-6": "ipv6",
  "--ipv6": "ipv6",
  "-g": "globoff",
  "--globoff": "globoff",
  "--path-as-is": "pathAsIs",
  "-0": "http10",
  "--http1.0": "http10",
  "--compressed": "compressed",
  "--create-dirs": "createDirs",
};

/** -O/--remote-name takes no argument but pairs with a URL as -o does. */
const REMOTE_FLAGS: ReadonlySet<string> = new Set(["-O", "--remote-name"]);

function setArg(opts: CurlOptions, key: keyof CurlOptions, value: string, flag: string): string | undefined {
  if (key === "maxTime" || key === "connectTimeout" || key === "retry") {
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0) return `curl: option ${flag}: expected a proper numerical parameter\n${USAGE}`;
    if (key === "retry") opts.retry = value;
    else opts[key] = n;
  } else if (key === "data") {
    const from = flag === "--data-raw" ? "raw" : flag === "--data-binary" ? "binary" : "ascii";
    opts.data.push({ text: value, from });
  } else if (key === "headers" || key === "resolve") opts[key].push(value);
  else if (key === "output") {
    opts.output = value;
    opts.outputs.push(value);
  } else (opts as unknown as Record<string, string>)[key] = value;
  return undefined;
}

export function parseCurlArgs(argv: readonly string[]): Parsed {
  const opts: CurlOptions = {
    silent: false,
    showError: false,
    verbose: false,
    head: false,
    include: false,
    fail: false,
    headers: [],
    urls: [],
    outputs: [],
    data: [],
    resolve: [],
  };
  const bad = (flag: string): Parsed => ({
    ok: false,
    stderr: `curl: option ${flag}: is unknown\n${USAGE}`,
    exitCode: 2,
  });
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith("--")) {
      const flag = FLAGS[a];
      if (flag) (opts as unknown as Record<string, boolean>)[flag] = true;
      else if (REMOTE_FLAGS.has(a)) opts.outputs.push(REMOTE_NAME);
      else if (WITH_ARG[a]) {
        const v = argv[++i];
        if (v === undefined)
          return { ok: false, stderr: `curl: option ${a}: requires parameter\n${USAGE}`, exitCode: 2 };
        const err = setArg(opts, WITH_ARG[a], v, a);
        if (err) return { ok: false, stderr: err, exitCode: 2 };
      } else return bad(a);
    } else if (a.startsWith("-") && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const f = `-${a[j]}`;
        if (FLAGS[f]) (opts as unknown as Record<string, boolean>)[FLAGS[f]] = true;
        else if (REMOTE_FLAGS.has(f)) opts.outputs.push(REMOTE_NAME);
        else if (WITH_ARG[f]) {
          const rest = a.slice(j + 1);
          const v = rest !== "" ? rest : argv[++i];
          if (v === undefined)
            return { ok: false, stderr: `curl: option ${f}: requires parameter\n${USAGE}`, exitCode: 2 };
          const err = setArg(opts, WITH_ARG[f], v, f);
          if (err) return { ok: false, stderr: err, exitCode: 2 };
          break;
        } else return bad(f);
      }
    } else {
      opts.url = a;
      opts.urls.push(a);
    }
  }
  if (opts.url === undefined) return { ok: false, stderr: USAGE, exitCode: 2 };
  return { ok: true, opts };
}
