/**
 * The pure parts of the on-graph trace: the hook pipeline's layout and where it goes, what a
 * step lights up in it, the packet's NAT label, the rule summary and drop causes in words.
 * Real traces from the engine, read through the timeline as the page reads them.
 */
import { describe, expect, it } from "vitest";
import { i18n } from "../../../src/ui/i18n/i18n.ts";
import {
  PIPE_EDGES,
  PIPE_GAP,
  pipelineLayout,
  placePipeline,
  type PipeBox,
} from "../../../src/ui/topology/hook-pipeline.ts";
import { pipelineState, ruleSummary } from "../../../src/ui/topology/pipeline-state.ts";
import { explainCause } from "../../../src/ui/trace/explain.ts";
import { packetLabel } from "../../../src/ui/trace/nat-label.ts";
import { buildTimeline, type Step } from "../../../src/ui/trace/timeline.ts";
import { entryText } from "../../../src/ui/trace/view-text.ts";
import { keyMoments, stepEvents } from "../../../src/store/trace-view.ts";
import { createEngine } from "../../../src/worker/engine.ts";

const t = i18n.getFixedT("en", "trace");
const PUBLISH = "docker run -d -p 2024:80 --name web nginx";

function trace(setup: string[], machine: string, line: string) {
  const e = createEngine(2024);
  for (const l of setup) e.run(l);
  const web = Object.keys(e.state().world.netns).find((id) => id !== "host" && id !== "internet");
  const nameOf = (id: string) => (id === "host" ? "docker-host" : id === web ? "web" : id);
  e.attach(machine);
  const events = e.run(line).events;
  return { events, timeline: buildTimeline(events, nameOf, t), nameOf };
}

const overlaps = (a: { x: number; y: number; w: number; h: number }, b: typeof a) =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

describe("the hook pipeline's layout", () => {
  it.each(["wide", "tall"] as const)("%s: the kernel's layout, boxes apart, every arrow between two boxes", (shape) => {
    const l = pipelineLayout(shape);
    const boxes = Object.entries(l.boxes);
    expect(boxes.map(([b]) => b).sort()).toEqual(
      ["FORWARD", "INPUT", "OUTPUT", "POSTROUTING", "PREROUTING", "local", "route"].sort(),
    );
    for (const [a, ra] of boxes) {
      expect(ra.x + ra.w).toBeLessThanOrEqual(l.width);
      expect(ra.y + ra.h).toBeLessThanOrEqual(l.decision.y);
      expect(overlaps(ra, l.title)).toBe(false);
      for (const [b, rb] of boxes) if (a !== b) expect(overlaps(ra, rb)).toBe(false);
    }
    expect(l.arrows).toHaveLength(PIPE_EDGES.length);
    const at = (b: PipeBox) => l.boxes[b];
    // The forward path runs one way (left to right when wide, down when tall); local delivery branches off the routing decision.
    const along = (b: PipeBox) => (shape === "wide" ? at(b).x : at(b).y);
    expect(along("PREROUTING")).toBeLessThan(along("route"));
    expect(along("route")).toBeLessThan(along("FORWARD"));
    expect(along("FORWARD")).toBeLessThan(along("POSTROUTING"));
    expect(along("INPUT")).toBe(along("route"));
    expect(along("OUTPUT")).toBe(along("POSTROUTING"));
    expect(l.decision.y + l.decision.h).toBeLessThanOrEqual(l.height);
  });

  it("goes under its machine in a left-to-right graph and beside it top to bottom, within the graph's band", () => {
    const size = { width: 600, height: 200 };
    const extent = { minX: 0, minY: 0, maxX: 1200, maxY: 160 };
    expect(placePipeline({ x: 500, y: 0, w: 200, h: 160 }, extent, "LR", size)).toEqual({ x: 300, y: 160 + PIPE_GAP });
    // Near the edges it stays inside the graph's width, so the fit does not change as it moves.
    expect(placePipeline({ x: 0, y: 0, w: 200, h: 160 }, extent, "LR", size).x).toBe(0);
    expect(placePipeline({ x: 1000, y: 0, w: 200, h: 160 }, extent, "LR", size).x).toBe(600);
    const tall = { minX: 0, minY: 0, maxX: 300, maxY: 900 };
    expect(placePipeline({ x: 0, y: 400, w: 300, h: 100 }, tall, "TB", size)).toEqual({ x: 300 + PIPE_GAP, y: 350 });
  });
});

describe("what a step lights up in the pipeline", () => {
  const inbound = trace([PUBLISH], "internet", "curl -s http://10.88.0.4:2024/");
  const steps = inbound.timeline.steps;
  const find = (p: (s: Step) => boolean) => steps.findIndex(p);

  it("at the DNAT rule: PREROUTING here, its nat table, the chain path to DOCKER and the rule as -L reads it", () => {
    const i = find((s) => s.event.type === "rule" && s.event.verdict === "DNAT");
    const st = pipelineState(steps, i)!;
    expect(st.netns).toBe("host");
    expect(st.at).toBe("PREROUTING");
    expect(st.status.PREROUTING).toBe("here");
    expect(st.status.FORWARD).toBe("ahead");
    expect(st.table).toBe("nat");
    expect(st.inIface).toBe("eth0");
    expect(st.decision).toMatchObject({
      kind: "rule",
      chainPath: ["PREROUTING", "DOCKER"],
      index: 2,
      summary: "DNAT tcp dpt:2024 to:172.17.0.2:80 (! -i docker0)",
    });
  });

  it("at POSTROUTING of the forwarded SYN: PREROUTING, routing and FORWARD passed, in the order taken", () => {
    const i = find((s) => s.event.type === "hook" && s.event.hook === "POSTROUTING" && s.event.netns === "host");
    const st = pipelineState(steps, i)!;
    expect(st.path).toEqual(["PREROUTING", "route", "FORWARD", "POSTROUTING"]);
    expect(st.status).toMatchObject({ PREROUTING: "passed", route: "passed", FORWARD: "passed", POSTROUTING: "here" });
    expect(st.status.INPUT).toBe("ahead");
    expect(st.outIface).toBe("docker0");
  });

  it("in the container: its own hooks, empty, then delivery to nginx", () => {
    const pre = find((s) => s.event.type === "hook" && s.event.hook === "PREROUTING" && s.where === "web");
    expect(pipelineState(steps, pre)!.decision).toEqual({ kind: "enter", hook: "PREROUTING", empty: true });
    const deliver = find((s) => s.event.type === "deliver" && s.where === "web");
    expect(pipelineState(steps, deliver)).toMatchObject({
      path: ["PREROUTING", "route", "INPUT", "local"],
      at: "local",
      decision: { kind: "deliver", process: "nginx" },
    });
  });

  it("a drop stops the packet at the routing decision when ip_forward is 0", () => {
    const r = trace([PUBLISH, "sysctl -w net.ipv4.ip_forward=0"], "internet", "curl -s -m 1 http://10.88.0.4:2024/");
    const i = r.timeline.steps.findIndex((s) => s.event.type === "drop");
    const st = pipelineState(r.timeline.steps, i)!;
    expect(st.netns).toBe("host");
    expect(st.status.route).toBe("dropped");
    expect(st.status.FORWARD).toBe("ahead");
    expect(st.decision).toMatchObject({ kind: "drop", cause: { code: "ip-forward-off" } });
  });

  it("a bridged frame between two containers passes the host's hooks with br_netfilter", () => {
    const r = trace([PUBLISH, "docker run -d --name web2 nginx"], "host", "docker exec web2 curl -s 172.17.0.2");
    const i = r.timeline.steps.findIndex((s) => s.event.type === "hook" && s.event.hook === "FORWARD");
    const st = pipelineState(r.timeline.steps, i)!;
    expect(st.netns).toBe("host");
    expect(st.bridged).toBe("docker0");
  });
});

describe("the packet's label", () => {
  it("shows DNAT on the destination and MASQUERADE on the source, before → after", () => {
    const inbound = trace([PUBLISH], "internet", "curl -s http://10.88.0.4:2024/");
    const dnat = inbound.timeline.steps.find((s) => s.event.type === "nat" && s.event.kind === "DNAT")!;
    expect(packetLabel(dnat)).toMatchObject({
      name: "SYN",
      reply: false,
      dst: "172.17.0.2:80",
      change: { kind: "DNAT", by: "rule", side: "dst", dstBefore: "10.88.0.4:2024" },
    });
    const unDnat = inbound.timeline.steps.find((s) => s.event.type === "nat" && s.event.kind === "un-DNAT")!;
    expect(packetLabel(unDnat)).toMatchObject({
      reply: true,
      src: "10.88.0.4:2024",
      change: { side: "src", srcBefore: "172.17.0.2:80" },
    });
    const outbound = trace([PUBLISH], "host", "docker exec web curl -s http://203.0.113.10/");
    const masq = outbound.timeline.steps.find((s) => s.event.type === "nat" && s.event.kind === "MASQUERADE")!;
    const label = packetLabel(masq)!;
    expect(label.change).toMatchObject({ kind: "MASQUERADE", side: "src" });
    expect(label.change!.srcBefore).toMatch(/^172\.17\.0\.2:\d+$/);
    expect(label.src).toMatch(/^10\.88\.0\.4:\d+$/);
    // After the rewrite the label carries the new addresses, without a change mark.
    const after = outbound.timeline.steps[outbound.timeline.steps.indexOf(masq) + 1]!;
    expect(packetLabel(after)?.change).toBeUndefined();
    expect(packetLabel(after)?.src).toBe(label.src);
  });
});

describe("words for the trace", () => {
  it("reads a rule as iptables -L does, with its interfaces and addresses apart", () => {
    expect(ruleSummary("-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE")).toBe(
      "MASQUERADE (-s 172.17.0.0/16 ! -o docker0)",
    );
    expect(ruleSummary("-A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT")).toBe(
      "ACCEPT ctstate RELATED,ESTABLISHED (-o docker0)",
    );
    expect(ruleSummary("-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER")).toBe("DOCKER dst-type LOCAL");
  });

  it("says what to fix and where when MASQUERADE is gone, in English, Russian and Chinese", () => {
    const r = trace(
      [PUBLISH, "iptables -t nat -D POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE"],
      "host",
      "docker exec web curl -s -m 1 http://203.0.113.10/",
    );
    const drop = r.events.find((e) => e.type === "drop")!;
    if (drop.type !== "drop" || !drop.cause) throw new Error("no cause");
    expect(explainCause(drop.cause, r.nameOf, t)).toBe(
      "the reply to 172.17.0.2 has no route on internet: POSTROUTING on docker-host had no MASQUERADE for it, so the request left docker-host with its private source 172.17.0.2",
    );
    expect(explainCause(drop.cause, r.nameOf, i18n.getFixedT("ru", "trace"))).toContain("MASQUERADE");
    expect(explainCause(drop.cause, r.nameOf, i18n.getFixedT("zh", "trace"))).toContain("POSTROUTING");
  });

  it("a folded DNS lookup and a folded packet say what they stand for", () => {
    const r = trace([PUBLISH], "host", "docker exec web curl -s baidu.com");
    const key = keyMoments(stepEvents(r.events));
    expect(entryText(key[0]!, r.timeline, r.nameOf, t)).toMatch(
      /^DNS lookup baidu\.com: \d+ packets folded into one step$/,
    );
    const folded = key.find((e) => e.fold === "packet")!;
    expect(entryText(folded, r.timeline, r.nameOf, t)).toMatch(
      /^#\d+ ACK: curl in web → python3 in internet, the way its connection's first packet went; SNAT by conntrack$/,
    );
  });
});
