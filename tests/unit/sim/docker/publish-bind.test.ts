/**
 * Publishing a port something already holds (oracle, session ck08): busybox httpd's
 * `-p 8095` is a `::` socket without IPV6_V6ONLY, so it holds 0.0.0.0:8095 too and the
 * proxy's IPv4 bind, tried first, is the one that fails; and the same binding given
 * twice on one `docker run`, which 26's allocator refuses and 28's second listen() does.
 */
import { describe, expect, it } from "vitest";
import { createWorld, type EngineVersion, type Session } from "../../../../src/sim/index.ts";
import { out } from "../lab.ts";

const BASH_C: Session = { machine: "host", noTty: true };
const LINE =
  "busybox httpd -f -p 8095 -h /tmp & sleep 1; docker run -d -p 8095:80 --name seventh nginx >/dev/null; echo $?; kill %1; wait";

const CAUSE: Record<EngineVersion, string> = {
  "26": "Error starting userland proxy: listen tcp4 0.0.0.0:8095: bind: address already in use.",
  "28": "failed to bind host port for 0.0.0.0:8095:172.17.0.2:80/tcp: address already in use",
};

describe("a published port a dual-stack host listener holds", () => {
  it.each<EngineVersion>(["26", "28"])("fails on the IPv4 wildcard first (Docker %s)", (engine) => {
    const r = out(createWorld(1, { engine }), LINE, BASH_C);
    expect(r.text).toContain(CAUSE[engine]);
    expect(r.text).toContain("125\n");
  });
});

describe("the same binding twice on one docker run", () => {
  const LINE = "docker run -d -p 8096:80 -p 8096:80 --name dup nginx";
  it("is refused by 26's allocator", () => {
    expect(out(createWorld(1, { engine: "26" }), LINE).text).toContain(
      "Bind for 0.0.0.0:8096 failed: port is already allocated.",
    );
  });
  it("fails 28's second listen()", () => {
    expect(out(createWorld(1, { engine: "28" }), LINE).text).toContain(
      "): failed to listen on TCP socket: address already in use\n",
    );
  });
});
