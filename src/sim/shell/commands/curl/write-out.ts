/**
 * curl's `-w/--write-out` (7.88): `%{variable}` replaced from the transfer, `\n`
 * and `\t` escapes, `%{stdout}`/`%{stderr}` switching where the rest goes, and the
 * warning curl prints for a variable it does not know.
 */

/** What a transfer leaves for -w to print. */
export interface Transfer {
  readonly url: string;
  readonly code: number;
  readonly exitCode: number;
  readonly errormsg: string;
  readonly remoteIp: string;
  readonly remotePort: number;
  readonly localIp: string;
  readonly localPort: number;
  readonly sizeDownload: number;
  readonly sizeHeader: number;
  readonly sizeRequest: number;
  /** -d's bytes. */
  readonly sizeUpload: number;
  readonly contentType: string;
  readonly httpVersion: string;
  readonly method: string;
  readonly connects: number;
  readonly filename: string;
  /** Where a 3xx answer's Location points, made absolute (curl does not follow it without -L). */
  readonly redirectUrl?: string;
  /** Seconds: name lookup, connect, first byte, total. */
  readonly times: readonly [number, number, number, number];
}

const f6 = (n: number) => n.toFixed(6);

function value(name: string, t: Transfer): string | undefined {
  switch (name) {
    case "http_code":
    case "response_code":
      return String(t.code).padStart(3, "0");
    case "http_connect":
      return "000";
    case "remote_ip":
      return t.remoteIp;
    case "remote_port":
      return t.remotePort ? String(t.remotePort) : "0";
    case "local_ip":
      return t.localIp;
    case "local_port":
      return t.localPort ? String(t.localPort) : "0";
    case "size_download":
      return String(t.sizeDownload);
    case "size_header":
      return String(t.sizeHeader);
    case "size_request":
      return String(t.sizeRequest);
    case "size_upload":
      return String(t.sizeUpload);
    case "speed_upload":
    case "num_redirects":
    case "ssl_verify_result":
    case "proxy_ssl_verify_result":
      return "0";
    case "content_type":
      return t.contentType;
    case "num_connects":
      return String(t.connects);
    case "url_effective":
    case "url":
      return t.url;
    case "scheme":
      return t.code ? "HTTP" : "";
    case "method":
      return t.method;
    case "http_version":
      return t.httpVersion;
    case "exitcode":
      return String(t.exitCode);
    case "errormsg":
      return t.errormsg;
    case "redirect_url":
      return t.redirectUrl ?? "";
    case "referer":
      return "";
    case "filename_effective":
      return t.filename;
    case "time_namelookup":
      return f6(t.times[0]);
    case "time_connect":
      return f6(t.times[1]);
    case "time_appconnect":
    case "time_redirect":
      return f6(0);
    case "time_pretransfer":
      return f6(t.times[1]);
    case "time_starttransfer":
      return f6(t.times[2]);
    case "time_total":
      return f6(t.times[3]);
    case "speed_download":
      return String(t.times[3] > 0 ? Math.round(t.sizeDownload / t.times[3]) : 0);
    default:
      return undefined;
  }
}

export interface WriteOut {
  readonly stdout: string;
  readonly stderr: string;
}

export function writeOut(fmt: string, t: Transfer): WriteOut {
  let stdout = "";
  let stderr = "";
  let toErr = false;
  const emit = (s: string) => {
    if (toErr) stderr += s;
    else stdout += s;
  };
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i]!;
    if (c === "\\" && i + 1 < fmt.length) {
      const e = fmt[i + 1]!;
      emit(e === "n" ? "\n" : e === "t" ? "\t" : e === "r" ? "\r" : e === "\\" ? "\\" : `\\${e}`);
      i++;
    } else if (c === "%" && fmt[i + 1] === "%") {
      emit("%");
      i++;
    } else if (c === "%" && fmt[i + 1] === "{") {
      const end = fmt.indexOf("}", i);
      if (end < 0) {
        emit(fmt.slice(i));
        break;
      }
      const name = fmt.slice(i + 2, end);
      i = end;
      if (name === "stdout") toErr = false;
      else if (name === "stderr") toErr = true;
      else {
        const v = value(name, t);
        if (v === undefined) stderr += `curl: unknown --write-out variable: '${name}'\n`;
        else emit(v);
      }
    } else emit(c);
  }
  return { stdout, stderr };
}
