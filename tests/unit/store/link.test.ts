import fc from "fast-check";
import LZString from "lz-string";
import { describe, expect, it } from "vitest";
import { decodeLink, encodeLink, MAX_LINK_LENGTH } from "../../../src/store/link.ts";
import { SESSION_LIMITS, toWire, type SessionState } from "../../../src/store/session-state.ts";
import { PANELS } from "../../../src/store/presenter-slice.ts";
import { EVENT_KINDS, PROTOCOLS } from "../../../src/store/trace-view.ts";
import type { Entry } from "../../../src/worker/protocol.ts";

/** Any text a person might type or paste, astral characters, lone surrogates and control characters included. */
const anyText = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 60 }),
  fc.string({ unit: "binary", maxLength: 60 }),
  fc.string({
    unit: fc.constantFrom(
      "é",
      "ё",
      "中",
      "\u00a0",
      "\u201c",
      "\u201d",
      "😀",
      "\u0000",
      "\u001b",
      "\n",
      "<",
      ">",
      "&",
      '"',
    ),
    maxLength: 40,
  }),
);
const machine = fc.constantFrom(
  "host",
  "internet",
  "87aa043b777a85c985dd097618fc85be8959163c2194f3ebcb6e6d1bc77d2970",
  "web",
);
const lessonId = fc.constantFrom("l07-publish", "l12-write-it-yourself", "from-a-later-version");
const entry: fc.Arbitrary<Entry> = fc.oneof(
  fc
    .record({ line: anyText, machine, stopped: fc.boolean() })
    .map(({ line, machine, stopped }) =>
      stopped ? { line, machine, skip: "stopped-the-lab" as const } : { line, machine },
    ),
  // A lesson's start: a `reset` (as typed, spaces and all) that carries the lesson.
  fc
    .record({ line: fc.constantFrom("reset", " reset "), machine, lesson: lessonId })
    .map(({ line, machine, lesson }) => ({ line, machine, lesson })),
);

const state: fc.Arbitrary<SessionState> = fc
  .record({
    entries: fc.array(entry, { maxLength: 25 }),
    at: fc.option(machine, { nil: undefined }),
    step: fc.option(
      fc.record({
        index: fc.nat(5000),
        view: fc.option(fc.constant("all" as const), { nil: undefined }),
        dnsOpen: fc.option(fc.constant(true as const), { nil: undefined }),
        filters: fc.option(
          fc.record(
            {
              packets: fc.uniqueArray(fc.nat(500), { minLength: 1, maxLength: 4 }),
              protocols: fc.subarray([...PROTOCOLS], { minLength: 1 }),
              machines: fc.uniqueArray(machine, { minLength: 1, maxLength: 3 }),
              kinds: fc.subarray([...EVENT_KINDS], { minLength: 1 }),
            },
            { requiredKeys: [] },
          ),
          { nil: undefined },
        ),
      }),
      { nil: undefined },
    ),
    topology: fc.option(fc.integer({ min: 25, max: 80 }), { nil: undefined }),
    presenter: fc.option(fc.constant(true as const), { nil: undefined }),
    hidden: fc.subarray([...PANELS]),
    language: fc.option(fc.constantFrom("en", "ru", "zh"), { nil: undefined }),
    lesson: fc.option(fc.record({ id: fc.constantFrom("first-steps", "nat-2"), goal: fc.nat(20) }), { nil: undefined }),
  })
  .map(({ entries, at, step, topology, presenter, hidden, language, lesson }) => ({
    entries,
    ...(at !== undefined && at !== "host" ? { at } : {}),
    ...(step && entries.length > 0
      ? {
          step: {
            trace: step.index % entries.length,
            index: step.index,
            ...(step.view ? { view: step.view } : {}),
            ...(step.dnsOpen ? { dnsOpen: step.dnsOpen } : {}),
            ...(step.filters && Object.keys(step.filters).length > 0 ? { filters: step.filters } : {}),
          },
        }
      : {}),
    ...(topology !== undefined || presenter || hidden.length > 0
      ? {
          layout: {
            ...(topology !== undefined ? { topology } : {}),
            ...(presenter ? { presenter } : {}),
            ...(hidden.length > 0 ? { hidden } : {}),
          },
        }
      : {}),
    ...(language ? { language } : {}),
    ...(lesson ? { lesson } : {}),
  }));

const hashOf = async (text: string, version = 2) => {
  const { encodeLink: enc } = await import("../../../src/store/link.ts");
  // Reuse the real codec for the payload, then swap what the test needs to damage.
  const good = await enc({ entries: [{ line: text, machine: "host" }] });
  return `#${good.replace(/^lab=2\./, `lab=${version}.`)}`;
};

describe("share links", () => {
  it("round-trip any session: any Unicode, any machine, any step, layout, language and lesson (property)", async () => {
    await fc.assert(
      fc.asyncProperty(state, async (s) => {
        const hash = await encodeLink(s);
        expect(hash).toMatch(/^lab=2\.[A-Za-z0-9_-]*$/);
        expect(await decodeLink(`#${hash}`)).toEqual({ kind: "session", state: s, version: 2 });
      }),
      { numRuns: 200 },
    );
  });

  it("keeps a 40-command scenario under 2,000 characters", async () => {
    const lines = [
      "docker run -d -p 2024:80 --name mynginxs nginx",
      "iptables -t nat -nL",
      "iptables -t nat -nvL DOCKER",
      "docker ps",
      "docker inspect mynginxs --format '{{.NetworkSettings.IPAddress}}'",
      "ip addr show docker0",
      "ip route",
      "sysctl net.ipv4.ip_forward",
      "curl -s localhost:2024",
      "conntrack -L",
    ];
    const machines = ["host", "host", "internet", "87aa043b777a85c985dd097618fc85be8959163c2194f3ebcb6e6d1bc77d2970"];
    const entries = Array.from({ length: 40 }, (_, i) => ({
      line: lines[i % lines.length]!,
      machine: machines[i % 4]!,
    }));
    const hash = await encodeLink({
      entries,
      step: { trace: 39, index: 17 },
      language: "ru",
      layout: { topology: 40 },
    });
    expect(hash.length + "http://127.0.0.1:5173/#".length).toBeLessThan(2_000);
  });

  it("says what is wrong with a hostile or broken link, and never throws", async () => {
    const tooBig = await encodeLink({
      entries: Array.from({ length: SESSION_LIMITS.maxEntries + 1 }, () => ({ line: "true", machine: "host" })),
    });
    const bomb = await encodeLink({ entries: [{ line: "x".repeat(SESSION_LIMITS.maxBytes + 10), machine: "host" }] });
    const cases: [string, unknown][] = [
      ["", { kind: "none" }],
      ["#", { kind: "none" }],
      ["#lab=3.abc", { kind: "problem", problem: "future-version", version: 3 }],
      ["#lab=1.abc", { kind: "problem", problem: "unknown-version", version: 1 }],
      ["#lab=2.", { kind: "problem", problem: "damaged", version: 2 }],
      ["#lab=2.<script>alert(1)</script>", { kind: "problem", problem: "damaged", version: 2 }],
      ["#lab=2.AAAA", { kind: "problem", problem: "damaged", version: 2 }],
      ["#lab=2.%F0%9F", { kind: "problem", problem: "damaged", version: 2 }],
      ["#terminal", { kind: "problem", problem: "not-a-link" }],
      ["#" + "a".repeat(MAX_LINK_LENGTH + 1), { kind: "problem", problem: "too-long" }],
      [`#${tooBig}`, { kind: "problem", problem: "too-long", version: 2 }],
      [`#${bomb}`, { kind: "problem", problem: "too-long", version: 2 }],
      ["#cmds=%3Cimg%20src%3Dx%3E", { kind: "problem", problem: "damaged", version: 1 }],
    ];
    for (const [hash, want] of cases) expect(await decodeLink(hash), hash.slice(0, 40)).toEqual(want);
    expect(bomb.length).toBeLessThan(MAX_LINK_LENGTH);
  });

  it("refuses JSON of the wrong shape inside a well-formed link", async () => {
    const wrap = async (json: string) => {
      const bytes = new TextEncoder().encode(json);
      const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream("deflate-raw"));
      const out = new Uint8Array(await new Response(stream).arrayBuffer());
      const b64 = btoa(String.fromCharCode(...out))
        .replace(/\+/g, "-")
        .replace(/\//g, "_")
        .replace(/=+$/, "");
      return decodeLink(`#lab=2.${b64}`);
    };
    // Well-formed DEFLATE of bytes that are not UTF-8.
    const notUtf8 = new Blob([new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])])
      .stream()
      .pipeThrough(new CompressionStream("deflate-raw"));
    const raw = new Uint8Array(await new Response(notUtf8).arrayBuffer());
    const enc = btoa(String.fromCharCode(...raw))
      .replace(/\+/g, "-")
      .replace(/\//g, "_")
      .replace(/=+$/, "");
    expect(await decodeLink(`#lab=2.${enc}`)).toEqual({ kind: "problem", problem: "damaged", version: 2 });
    for (const bad of [
      "[]",
      "null",
      '{"c":"ls"}',
      '{"c":[1]}',
      '{"c":[["ls",1]]}',
      '{"c":[["ls",0,"x"]]}',
      '{"c":["ls"],"m":["a b"]}',
      '{"c":["ls"],"p":[1,0]}',
      '{"c":["ls"],"g":"<b>"}',
      '{"c":["ls"],"y":{"t":900}}',
      '{"c":["ls"],"y":{"p":true}}',
      '{"c":["ls"],"y":{"h":["terminal","terminal"]}}',
      '{"c":["ls"],"y":{"h":["<img src=x>"]}}',
      '{"c":["ls"],"y":{"h":"trace"}}',
      '{"c":["ls"],"l":{"id":"<x>","goal":1}}',
      '{"c":[["ls",0,"l","l07-publish"]]}',
      '{"c":[["reset",0,"l","<x>"]]}',
      '{"c":[["reset",0,"l"]]}',
      '{"c":[["reset",0,"s","l07-publish"]]}',
      '{"c":["ls"],"a":4}',
      '{"c":["ls"],"p":[0,0,"all"]}',
      '{"c":["ls"],"p":[0,0,{"v":"key"}]}',
      '{"c":["ls"],"p":[0,0,{"v":"<img>"}]}',
      '{"c":["ls"],"p":[0,0,{"d":true}]}',
      '{"c":["ls"],"p":[0,0,{"f":[]}]}',
      '{"c":["ls"],"p":[0,0,{"f":{"r":["SMTP"]}}]}',
      '{"c":["ls"],"p":[0,0,{"f":{"k":[]}}]}',
      '{"c":["ls"],"p":[0,0,{"f":{"k":["rule","rule"]}}]}',
      '{"c":["ls"],"p":[0,0,{"f":{"m":["a b"]}}]}',
      '{"c":["ls"],"p":[0,0,{"f":{"p":[-1]}}]}',
      `{"c":["ls"],"p":[0,0,{"f":{"p":[${Array.from({ length: 65 }, (_, i) => i).join(",")}]}}]}`,
    ])
      expect(await wrap(bad), bad).toEqual({ kind: "problem", problem: "damaged", version: 2 });
    // Fields a later version adds are ignored, not refused.
    expect(await wrap('{"c":["ls"],"y":{"p":1,"h":["trace"],"zz":2}}')).toEqual({
      kind: "session",
      state: { entries: [{ line: "ls", machine: "host" }], layout: { presenter: true, hidden: ["trace"] } },
      version: 2,
    });
    expect(await wrap('{"c":["ls"],"zz":1}')).toEqual({
      kind: "session",
      state: { entries: [{ line: "ls", machine: "host" }] },
      version: 2,
    });
    expect(await wrap('{"c":["ls"],"p":[0,3,{"v":"all","f":{"r":["TCP"],"zz":[1]},"zz":1}]}')).toEqual({
      kind: "session",
      state: {
        entries: [{ line: "ls", machine: "host" }],
        step: { trace: 0, index: 3, view: "all", filters: { protocols: ["TCP"] } },
      },
      version: 2,
    });
    expect(toWire({ entries: [{ line: "ls", machine: "host" }] })).toBe('{"c":["ls"]}');
    expect(toWire({ entries: [{ line: "ls", machine: "host" }], step: { trace: 0, index: 5 } })).toBe(
      '{"c":["ls"],"p":[0,5]}',
    );
  });

  it("still opens links of the first format, with their machine switches", async () => {
    const v1 = `#cmds=${LZString.compressToEncodedURIComponent("echo hi\n#attach internet\nip route\nhostname")}`;
    expect(await decodeLink(v1)).toEqual({
      kind: "session",
      state: {
        entries: [
          { line: "echo hi", machine: "" },
          { line: "ip route", machine: "internet" },
          { line: "hostname", machine: "" },
        ],
      },
      version: 1,
    });
  });

  it("never throws on arbitrary hashes (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 300 }),
        fc.constantFrom("", "lab=2.", "cmds=", "lab=9."),
        async (s, head) => {
          const r = await decodeLink(`#${head}${s}`);
          expect(["none", "session", "problem"]).toContain(r.kind);
        },
      ),
    );
    expect(await hashOf("ok")).toMatch(/^#lab=2\./);
  });
});
