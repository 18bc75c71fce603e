/**
 * `nginx` inside the nginx image: Debian's nginx 1.22.1 as the oracle's image has it
 * (error log on stderr, so an error is written twice: once dated by the log, once by
 * the console). Where the master already runs (as the container's PID 1, or started by
 * hand, daemon.ts) a second `nginx` fails to bind :80, and `-s` signals that master:
 * `reload` makes it read its files again under a new worker, `reopen` changes nothing the
 * lab shows, `stop`/`quit` end it (and, as PID 1,
 * the container). Where none runs, `nginx` starts one in the background.
 */
import { findContainer, serverOf, updateContainer } from "../../../docker/container.ts";
import { initExited } from "../../../programs/signals.ts";
import { daemonRunning, startDaemon, stopDaemon } from "./daemon.ts";
import { advanceClock } from "../../../world.ts";
import { findImage } from "../../../machines/images/index.ts";
import { parseNginxArgs as parse, type NginxOptions as Options } from "../../../machines/images/nginx-options.ts";
import type { Command, CommandContext, CommandResult, OutputChunk } from "../../command.ts";
import { readPath, viewOf } from "../../lib/vfs.ts";
import { takePids } from "../../lib/procs.ts";
import { strftime } from "../date/date.ts";
import { applyConf, stockConf, testConf } from "../../../docker/nginx-conf.ts";
import type { Container } from "../../../docker/types.ts";
import type { LoadResult } from "../../../machines/images/nginx-conf/load.ts";

const VERSION = "nginx version: nginx/1.22.1\n";

const HELP = `Usage: nginx [-?hvVtTq] [-s signal] [-p prefix]
             [-e filename] [-c filename] [-g directives]

Options:
  -?,-h         : this help
  -v            : show version and exit
  -V            : show version and configure options then exit
  -t            : test configuration and exit
  -T            : test configuration, dump it and exit
  -q            : suppress non-error messages during configuration testing
  -s signal     : send signal to a master process: stop, quit, reopen, reload
  -p prefix     : set prefix path (default: /usr/share/nginx/)
  -e filename   : set error log file (default: stderr)
  -c filename   : set configuration file (default: /etc/nginx/nginx.conf)
  -g directives : set global directives out of configuration file

`;

const CONFIGURE = `built with OpenSSL 3.0.22 25 Aug 2026 (running with OpenSSL 3.0.19 27 Jan 2026)
TLS SNI support enabled
configure arguments: --with-cc-opt='-g -O2 -ffile-prefix-map=/build/reproducible-path/nginx-1.22.1=. -fstack-protector-strong -Wformat -Werror=format-security -fPIC -Wdate-time -D_FORTIFY_SOURCE=2' --with-ld-opt='-Wl,-z,relro -Wl,-z,now -fPIC' --prefix=/usr/share/nginx --conf-path=/etc/nginx/nginx.conf --http-log-path=/var/log/nginx/access.log --error-log-path=stderr --lock-path=/var/lock/nginx.lock --pid-path=/run/nginx.pid --modules-path=/usr/lib/nginx/modules --http-client-body-temp-path=/var/lib/nginx/body --http-fastcgi-temp-path=/var/lib/nginx/fastcgi --http-proxy-temp-path=/var/lib/nginx/proxy --http-scgi-temp-path=/var/lib/nginx/scgi --http-uwsgi-temp-path=/var/lib/nginx/uwsgi --with-compat --with-debug --with-pcre-jit --with-http_ssl_module --with-http_stub_status_module --with-http_realip_module --with-http_auth_request_module --with-http_v2_module --with-http_dav_module --with-http_slice_module --with-threads --with-http_addition_module --with-http_flv_module --with-http_gunzip_module --with-http_gzip_static_module --with-http_mp4_module --with-http_random_index_module --with-http_secure_link_module --with-http_sub_module --with-mail_ssl_module --with-stream_ssl_module --with-stream_ssl_preread_module --with-stream_realip_module --with-http_geoip_module=dynamic --with-http_image_filter_module=dynamic --with-http_perl_module=dynamic --with-http_xslt_module=dynamic --with-mail=dynamic --with-stream=dynamic --with-stream_geoip_module=dynamic
`;

const NO_PID_FILE = 'open() "/var/run/nginx.pid" failed (2: No such file or directory)';
/** The error log's own line: date, level, the process's PID and thread. */
function logLine(ctx: CommandContext, level: string, text: string): string {
  const pid = ctx.procs?.self?.pid ?? ctx.world.nextPid;
  return `${strftime("%Y/%m/%d %H:%M:%S", ctx.world.clock)} [${level}] ${pid}#${pid}: ${text}\n`;
}

/** The files the configuration names with `include` (no wildcards in the image's), in order. */
function includes(conf: string): string[] {
  return [...conf.matchAll(/^\s*include\s+([^;\s*?]+);/gm)].map((m) => m[1]!);
}

/** What nginx in the session's container makes of `path`: its warnings and error as log lines. */
function loadIn(ctx: CommandContext, c: Container, path: string): { r: LoadResult; stderr: string } {
  const r = testConf(ctx.world, c, path);
  let stderr = r.warnings.map((w) => logLine(ctx, "warn", w)).join("");
  if (!r.ok) stderr += logLine(ctx, "emerg", r.error);
  return { r, stderr };
}

function test(ctx: CommandContext, o: Options): CommandResult {
  const c = ctx.session.container === undefined ? undefined : findContainer(ctx.world, ctx.session.container);
  if (c) return testIn(ctx, o, c);
  const view = viewOf(ctx.world, ctx.session);
  const main = readPath(view, o.conf);
  if (!("text" in main)) {
    const why = main.errno === "EACCES" ? "13: Permission denied" : "2: No such file or directory";
    const stderr =
      logLine(ctx, "emerg", `open() "${o.conf}" failed (${why})`) + `nginx: configuration file ${o.conf} test failed\n`;
    return { world: ctx.world, stdout: "", stderr, exitCode: 1 };
  }
  const stderr = o.quiet
    ? ""
    : `nginx: the configuration file ${o.conf} syntax is ok\nnginx: configuration file ${o.conf} test is successful\n`;
  let stdout = "";
  if (o.dump) {
    const files: [string, string][] = [[o.conf, main.text]];
    for (const path of includes(main.text)) {
      const r = readPath(view, path);
      if ("text" in r) files.push([path, r.text]);
    }
    stdout = files.map(([path, text]) => `# configuration file ${path}:\n${text}\n`).join("");
  }
  const output: OutputChunk[] = [];
  if (stderr) output.push({ stream: "stderr", text: stderr });
  if (stdout) output.push({ stream: "stdout", text: stdout });
  return { world: ctx.world, stdout, stderr, exitCode: 0, output };
}

/** -t and -T in a container: nginx reads the whole configuration, as it would to start. */
function testIn(ctx: CommandContext, o: Options, c: Container): CommandResult {
  const { r, stderr: said } = loadIn(ctx, c, o.conf);
  if (!r.ok) {
    const stderr = said + `nginx: configuration file ${o.conf} test failed\n`;
    return { world: ctx.world, stdout: "", stderr, exitCode: 1 };
  }
  const ok = `nginx: the configuration file ${o.conf} syntax is ok\nnginx: configuration file ${o.conf} test is successful\n`;
  const stderr = said + (o.quiet ? "" : ok);
  const stdout = o.dump ? r.files.map(([path, text]) => `# configuration file ${path}:\n${text}\n`).join("") : "";
  const output: OutputChunk[] = [];
  if (stderr) output.push({ stream: "stderr", text: stderr });
  if (stdout) output.push({ stream: "stdout", text: stdout });
  return { world: ctx.world, stdout, stderr, exitCode: 0, output };
}

/** `-s reload` to the container's first process: the signaller reads the file first and refuses one nginx would not load. */
function reload(ctx: CommandContext, c: Container, o: Options): CommandResult {
  const { r, stderr } = loadIn(ctx, c, o.conf);
  if (!r.ok) return { world: ctx.world, stdout: "", stderr, exitCode: 1 };
  const conf = stockConf(ctx.world, c) ? undefined : r.conf;
  // The master forks a new worker for the new configuration: it takes the container's next PID.
  const [worker, forked] = takePids(applyConf(ctx.world, c, conf), c, 1);
  const world = updateContainer(forked, c.id, (x) => ({ ...x, nginxWorker: worker }));
  return { world, stdout: "", stderr: stderr + logLine(ctx, "notice", "signal process started"), exitCode: 0 };
}

/** A second master: the first one holds :80 and [::]:80, so every try fails, then nginx gives up. */
function bindFails(ctx: CommandContext): CommandResult {
  const pid = ctx.procs?.self?.pid ?? ctx.world.nextPid;
  const fails = findImage("nginx")!.server!.bindFailure;
  const stderr = fails
    .lines(ctx.world.clock, pid)
    .map((l) => l + "\n")
    .join("");
  return { world: advanceClock(ctx.world, fails.tries * fails.waitMs), stdout: "", stderr, exitCode: 1 };
}

export const nginx: Command = (argv, ctx) => {
  const o = parse(argv);
  if (typeof o === "string") return { world: ctx.world, stdout: "", stderr: o, exitCode: 1 };
  if (o.version) {
    const stderr = VERSION + (o.help ? HELP : "") + (o.configure ? CONFIGURE : "");
    if (!o.test) return { world: ctx.world, stdout: "", stderr, exitCode: 0 };
    const r = test(ctx, o);
    return { ...r, stderr: stderr + r.stderr, output: [{ stream: "stderr", text: stderr }, ...(r.output ?? [])] };
  }
  if (o.test) return test(ctx, o);
  const c = ctx.session.container === undefined ? undefined : findContainer(ctx.world, ctx.session.container);
  // PID 1 is the image's own master (`nginx -g 'daemon off;'`): it holds :80 for the container's life.
  const first = c !== undefined && serverOf(c) !== undefined;
  if (o.signal !== undefined) {
    const stderr = logLine(ctx, "notice", "signal process started");
    if (c?.status !== "running") return { world: ctx.world, stdout: "", stderr, exitCode: 0 };
    const ends = o.signal === "stop" || o.signal === "quit";
    if (first && o.signal === "reload") return reload(ctx, c, o);
    // stop and quit end the master; as PID 1 it takes the container with it.
    if (first) return { world: ends ? initExited(ctx.world, c, 0) : ctx.world, stdout: "", stderr, exitCode: 0 };
    if (daemonRunning(ctx.world, c))
      return { world: ends ? stopDaemon(ctx.world, c) : ctx.world, stdout: "", stderr, exitCode: 0 };
    // No master: its pid file went with it, and the signal has nowhere to go.
    return { world: ctx.world, stdout: "", stderr: stderr + logLine(ctx, "error", NO_PID_FILE), exitCode: 1 };
  }
  if (c?.status === "running" && !first && !daemonRunning(ctx.world, c)) {
    const self = ctx.procs?.self?.pid ?? ctx.world.nextPid;
    return { world: startDaemon(ctx.world, c, self), stdout: "", stderr: "", exitCode: 0 };
  }
  return bindFails(ctx);
};
