import fc from "fast-check";
import LZString from "lz-string";
import { describe, expect, it } from "vitest";
import { decodeHistory, encodeHistory, SHARE_LIMITS } from "../../../src/store/share-url.ts";

const line = fc.stringMatching(/^[ -~]{1,80}$/).filter((s) => s.trim() !== "");

describe("share URL", () => {
  it("carries the engine after the history, and reads links without one as Docker 26", () => {
    const h = ["docker run -d -p 2024:80 --name mynginxs nginx"];
    const hash = encodeHistory(h, "28");
    expect(hash).toMatch(/^cmds=[A-Za-z0-9+\-$]+&engine=28$/);
    expect(decodeHistory(`#${hash}`)).toEqual({ ok: true, lines: h, engine: "28" });
    expect(encodeHistory(h, "26")).toBe(encodeHistory(h));
    expect(decodeHistory(`#${encodeHistory(h)}`)).toEqual({ ok: true, lines: h });
    expect(encodeHistory([], "28")).toBe("engine=28");
    expect(decodeHistory("#engine=28")).toEqual({ ok: true, lines: [], engine: "28" });
  });

  it("refuses an engine it does not run and anything else after the history", () => {
    const h = encodeHistory(["true"]);
    expect(decodeHistory(`#${h}&engine=27`)).toEqual({
      ok: false,
      reason: "the link names a Docker engine the lab does not run",
    });
    expect(decodeHistory("#engine=<b>")).toMatchObject({ ok: false });
    expect(decodeHistory(`#${h}&x=1`)).toEqual({ ok: false, reason: "the shared link is damaged" });
  });

  it("round-trips a history", () => {
    const h = ["docker run -d -p 2024:80 --name mynginxs nginx", "iptables -t nat -nL", "curl baidu.com"];
    const hash = encodeHistory(h);
    expect(hash.startsWith("cmds=")).toBe(true);
    expect(decodeHistory(`#${hash}`)).toEqual({ ok: true, lines: h });
  });

  it("round-trips any typeable history (property)", () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), (h) => {
        expect(decodeHistory(`#${encodeHistory(h)}`)).toEqual({ ok: true, lines: h });
      }),
    );
  });

  it("an empty hash is an empty history", () => {
    expect(decodeHistory("")).toEqual({ ok: true, lines: [] });
    expect(decodeHistory("#")).toEqual({ ok: true, lines: [] });
    expect(encodeHistory(["  "])).toBe("");
  });

  it("refuses hostile or broken input", () => {
    const enc = (t: string) => `#cmds=${LZString.compressToEncodedURIComponent(t)}`;
    expect(decodeHistory("#other=1")).toEqual({ ok: false, reason: "the link has no command history" });
    expect(decodeHistory("#cmds=<script>")).toEqual({ ok: false, reason: "the shared link is damaged" });
    expect(decodeHistory("#cmds=" + "A".repeat(SHARE_LIMITS.maxHashLength))).toEqual({
      ok: false,
      reason: "the shared link is too long",
    });
    expect(decodeHistory(enc("echo \u001b[31mred"))).toEqual({
      ok: false,
      reason: "the shared history holds a line that cannot be typed",
    });
    expect(decodeHistory(enc("echo <img src=x onerror=alert(1)>"))).toEqual({
      ok: true,
      lines: ["echo <img src=x onerror=alert(1)>"],
    });
    expect(decodeHistory(enc(Array.from({ length: 201 }, () => "true").join("\n")))).toEqual({
      ok: false,
      reason: "the shared history has too many commands",
    });
    expect(decodeHistory(enc("x".repeat(501)))).toEqual({
      ok: false,
      reason: "the shared history holds a line that cannot be typed",
    });
  });

  it("never throws on arbitrary hashes (property)", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        const r = decodeHistory(`#cmds=${s}`);
        if (r.ok) for (const l of r.lines) expect(l).toMatch(/^[\t -~]*$/);
      }),
    );
  });
});
