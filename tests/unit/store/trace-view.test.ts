/**
 * Views of real traces (the engine's, not hand-made): key moments, filters and jumps, and
 * the player that walks them with its position always a full-timeline index.
 */
import { describe, expect, it } from "vitest";
import { createAppStore } from "../../../src/store/app-store.ts";
import { directSim } from "../../../src/store/supervisor.ts";
import {
  selectCurrentStep,
  selectPauseReached,
  selectPlaying,
  selectSteps,
  selectView,
  selectViewPosition,
} from "../../../src/store/player-slice.ts";
import {
  applyFilters,
  allEntries,
  buildView,
  explainingDrop,
  jumpTarget,
  keyMoments,
  NO_FILTERS,
  positionOf,
  stepEvents,
  stepInView,
  type StepEvent,
} from "../../../src/store/trace-view.ts";
import type { TraceEvent } from "../../../src/worker/protocol.ts";
import { createEngine } from "../../../src/worker/engine.ts";

/** The trace of `last`, run on `machine` after `setup` on the host. */
function traceOf(setup: string[], machine: string, last: string): readonly TraceEvent[] {
  const e = createEngine(2024);
  for (const l of setup) e.run(l);
  e.attach(machine);
  return e.run(last).events;
}

const PUBLISH = "docker run -d -p 2024:80 --name web nginx";
const inbound = () => traceOf([PUBLISH], "internet", "curl -s http://10.88.0.4:2024/");
const outbound = () => traceOf([PUBLISH], "host", "docker exec web curl -s baidu.com");

function describeEntry(steps: readonly StepEvent[], i: number): string {
  const e = steps[i]!;
  switch (e.type) {
    case "hook":
      return `${e.hook}@${e.netns.length > 12 ? "web" : e.netns}`;
    case "rule":
      return `${e.chain}:${e.verdict}`;
    case "nat":
      return e.kind;
    case "conntrack":
      return `ct-${e.action}`;
    default:
      return e.type;
  }
}

describe("key moments", () => {
  it("the inbound curl fits on one screen: the SYN through every hook, the DNAT, the reply's un-DNAT", () => {
    const steps = stepEvents(inbound());
    expect(steps.length).toBeGreaterThan(200);
    const key = keyMoments(steps);
    expect(key.length).toBeLessThanOrEqual(30);
    const first = key.filter((e) => steps[e.index]!.packetId === 1).map((e) => describeEntry(steps, e.index));
    expect(first).toEqual([
      "packet",
      "OUTPUT@internet",
      "POSTROUTING@internet",
      "hop",
      "PREROUTING@host",
      "ct-new",
      "DOCKER:DNAT",
      "DNAT",
      "FORWARD@host",
      "DOCKER:ACCEPT",
      "POSTROUTING@host",
      "ct-confirm",
      "hop",
      "PREROUTING@web",
      "INPUT@web",
      "deliver",
    ]);
    const reply = key.filter((e) => steps[e.index]!.packetId === 2).map((e) => describeEntry(steps, e.index));
    expect(reply).toEqual(["packet", "un-DNAT", "deliver"]);
    // Every later packet is one step standing for its whole walk.
    const later = key.filter((e) => steps[e.index]!.packetId > 2);
    expect(later.every((e) => e.fold === "packet" && e.from < e.to && e.index === e.to)).toBe(true);
    expect(later).toHaveLength(10);
  });

  it("the outbound curl folds DNS into one step, and shows the container's empty hooks before the host's MASQUERADE", () => {
    const steps = stepEvents(outbound());
    const key = keyMoments(steps);
    expect(key.length).toBeLessThanOrEqual(30);
    expect(key[0]).toMatchObject({ fold: "dns", from: 0 });
    expect(
      steps.slice(key[0]!.from, key[0]!.to + 1).every((e) => e.type !== "packet" || e.label.startsWith("DNS")),
    ).toBe(true);
    const names = key.slice(1, 17).map((e) => describeEntry(steps, e.index));
    expect(names.slice(0, 4)).toEqual(["packet", "OUTPUT@web", "POSTROUTING@web", "hop"]);
    expect(names).toContain("POSTROUTING:MASQUERADE");
    expect(names.indexOf("MASQUERADE")).toBe(names.indexOf("POSTROUTING:MASQUERADE") + 1);
    // Opened, the lookup's packets are followed like any other connection.
    const open = keyMoments(steps, true);
    expect(open.some((e) => e.fold === "dns")).toBe(false);
    expect(open.length).toBeGreaterThan(key.length);
  });

  it("keeps a dropped packet's drop, and does not fold a lookup whose answer was dropped", () => {
    const events = traceOf(
      [PUBLISH, "iptables -t nat -D POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE"],
      "host",
      "docker exec web curl -s -m 2 baidu.com",
    );
    const steps = stepEvents(events);
    const key = keyMoments(steps);
    expect(key.some((e) => e.fold === "dns")).toBe(false);
    const drop = steps.findIndex((e) => e.type === "drop");
    expect(key.map((e) => e.index)).toContain(drop);
    expect(explainingDrop(events)).toMatchObject({
      index: drop,
      drop: { cause: { code: "no-route-back", addr: "172.17.0.2", fixAt: { netns: "host", hook: "POSTROUTING" } } },
    });
  });

  it("explains a failure by the packet's own drop, not by an ICMP redirect the host made and discarded first", () => {
    // docker0 down: the DNATed SYN goes back out of eth0 (the host makes a redirect) and FORWARD's policy drops it.
    const events = traceOf([PUBLISH, "ip link set docker0 down"], "internet", "curl -s -m 2 http://10.88.0.4:2024/");
    const steps = stepEvents(events);
    expect(steps.some((e) => e.type === "drop" && e.cause?.code === "discarded")).toBe(true);
    expect(explainingDrop(events)?.drop.cause).toMatchObject({ code: "policy-drop", chain: "FORWARD" });
  });
});

describe("filters and jumps", () => {
  it("filters by packet, protocol, machine and kind of event, as Packet Tracer's event list does", () => {
    const steps = stepEvents(outbound());
    const all = allEntries(steps);
    const only = (f: Partial<typeof NO_FILTERS>) => applyFilters(steps, all, { ...NO_FILTERS, ...f });
    expect(only({})).toHaveLength(steps.length);
    expect(only({ packets: [2] }).every((e) => steps[e.index]!.packetId === 2)).toBe(true);
    const dns = only({ protocols: ["DNS"] });
    expect(dns.length).toBeGreaterThan(0);
    expect(dns.every((e) => steps.find((s) => s.type === "packet" && s.packetId === steps[e.index]!.packetId)!)).toBe(
      true,
    );
    expect(only({ protocols: ["HTTP"] }).length).toBeGreaterThan(0);
    expect(only({ kinds: ["nat"] }).every((e) => steps[e.index]!.type === "nat")).toBe(true);
    const internet = only({ machines: ["internet"] });
    expect(
      internet.every((e) => {
        const s = steps[e.index]!;
        return s.type === "hop" ? s.toNetns === "internet" || s.fromNetns === "internet" : s.netns === "internet";
      }),
    ).toBe(true);
    // Filters combine: NAT on the host for the first packet only.
    const one = only({
      kinds: ["nat"],
      packets: [steps.find((s) => s.type === "packet" && s.label === "SYN")!.packetId],
    });
    expect(one.map((e) => (steps[e.index] as { kind: string }).kind)).toEqual(["MASQUERADE"]);
    // A folded step passes when any step it stands for does.
    const key = keyMoments(steps);
    expect(applyFilters(steps, key, { ...NO_FILTERS, protocols: ["DNS"] })).toEqual([key[0]]);
  });

  it("jumps to the next NAT, drop and packet in the view, and back", () => {
    const steps = stepEvents(inbound());
    const view = buildView(steps, "key", NO_FILTERS, false);
    const dnat = jumpTarget(steps, view, 0, "nat", 1)!;
    expect(steps[dnat]).toMatchObject({ type: "nat", kind: "DNAT", by: "rule" });
    const unDnat = jumpTarget(steps, view, dnat, "nat", 1)!;
    expect(steps[unDnat]).toMatchObject({ type: "nat", kind: "un-DNAT" });
    expect(jumpTarget(steps, view, unDnat, "nat", -1)).toBe(dnat);
    expect(jumpTarget(steps, view, 0, "drop", 1)).toBeNull();
    const second = jumpTarget(steps, view, 0, "packet", 1)!;
    expect(steps[second]).toMatchObject({ type: "packet", packetId: 2 });
  });

  it("steps through a view from any full-timeline index, inside a fold or between entries", () => {
    const view = [
      { index: 0, from: 0, to: 0 },
      { index: 5, from: 1, to: 5, fold: "packet" as const },
      { index: 9, from: 9, to: 9 },
    ];
    expect(positionOf(view, 0)).toBe(0);
    expect(positionOf(view, 3)).toBe(1);
    expect(positionOf(view, 7)).toBe(1);
    expect(stepInView(view, 0, 1)).toBe(5);
    expect(stepInView(view, 3, 1)).toBe(5);
    expect(stepInView(view, 3, -1)).toBe(0);
    expect(stepInView(view, 7, 1)).toBe(9);
    expect(stepInView(view, 7, -1)).toBe(5);
    expect(stepInView(view, 9, 1)).toBeNull();
    expect(stepInView(view, 0, -1)).toBeNull();
  });
});

describe("the player", () => {
  async function storeWithInbound() {
    const engine = createEngine(2024);
    const store = createAppStore(directSim(() => engine));
    await store.getState().connect();
    await store.getState().submit(PUBLISH);
    await store.getState().attach("internet");
    await store.getState().submit("curl -s http://10.88.0.4:2024/");
    return store;
  }

  it("waits at the first key moment of a new trace, and counts steps of the view shown", async () => {
    const store = await storeWithInbound();
    const s = store.getState();
    expect(selectPlaying(s)).toBe(false);
    expect(selectCurrentStep(s)).toBe(0);
    const key = selectViewPosition(s);
    expect(key.n).toBe(1);
    expect(key.of).toBeLessThanOrEqual(30);
    s.setView("all");
    expect(selectViewPosition(store.getState())).toEqual({ n: 1, of: selectSteps(store.getState()).length });
  });

  it("keeps its position as a full-timeline index across views; goToStep restores any step", async () => {
    const store = await storeWithInbound();
    const steps = selectSteps(store.getState());
    const masq = steps.findIndex((e) => e.type === "nat" && e.kind === "DNAT");
    store.getState().goToStep(masq);
    expect(selectCurrentStep(store.getState())).toBe(masq);
    store.getState().setView("all");
    expect(selectCurrentStep(store.getState())).toBe(masq);
    expect(selectViewPosition(store.getState()).n).toBe(masq + 1);
    store.getState().setView("key");
    store.getState().stepBy(1);
    expect(steps[selectCurrentStep(store.getState())]).toMatchObject({ type: "hook", hook: "FORWARD" });
    // A step only in the full view: the key view counts the step before it.
    const route = steps.findIndex((e, i) => i > masq && e.type === "route");
    store.getState().goToStep(route);
    expect(selectViewPosition(store.getState()).n).toBe(
      selectView(store.getState()).findIndex((e) => e.index === masq) + 1,
    );
    store.getState().stepBy(1);
    expect(steps[selectCurrentStep(store.getState())]).toMatchObject({ type: "hook", hook: "FORWARD" });
    // A new command's trace starts again at its first step.
    await store.getState().submit("curl -s http://10.88.0.4:2024/");
    expect(selectCurrentStep(store.getState())).toBe(0);
  });

  it("autoplay walks the view and stops before a pause point, then goes on past it", async () => {
    const store = await storeWithInbound();
    const steps = selectSteps(store.getState());
    store
      .getState()
      .setPausePoints([{ id: "before-dnat", at: (e) => e.type === "nat" && e.kind === "DNAT" && e.by === "rule" }]);
    store.getState().play();
    for (let i = 0; i < 40 && selectPlaying(store.getState()); i++) store.getState().advance();
    const reached = selectPauseReached(store.getState());
    expect(reached?.id).toBe("before-dnat");
    expect(steps[reached!.index]).toMatchObject({ type: "nat", kind: "DNAT" });
    // Stopped on the step shown before it: the DNAT rule, not yet the rewrite.
    expect(steps[selectCurrentStep(store.getState())]).toMatchObject({ type: "rule", verdict: "DNAT" });
    store.getState().play();
    expect(selectPauseReached(store.getState())).toBeNull();
    store.getState().advance();
    expect(selectCurrentStep(store.getState())).toBe(reached!.index);
    for (let i = 0; i < 60 && selectPlaying(store.getState()); i++) store.getState().advance();
    expect(selectPlaying(store.getState())).toBe(false);
    const view = selectView(store.getState());
    expect(selectCurrentStep(store.getState())).toBe(view[view.length - 1]!.index);
  });

  it("stepping forward by hand stops before a pause point too, and steps past it the next time", async () => {
    const store = await storeWithInbound();
    const steps = selectSteps(store.getState());
    store
      .getState()
      .setPausePoints([{ id: "before-dnat", at: (e) => e.type === "nat" && e.kind === "DNAT" && e.by === "rule" }]);
    for (let i = 0; i < 40 && !selectPauseReached(store.getState()); i++) store.getState().stepBy(1);
    const reached = selectPauseReached(store.getState());
    expect(reached?.id).toBe("before-dnat");
    expect(steps[selectCurrentStep(store.getState())]).toMatchObject({ type: "rule", verdict: "DNAT" });
    store.getState().stepBy(1);
    expect(selectCurrentStep(store.getState())).toBe(reached!.index);
    expect(selectPauseReached(store.getState())).toBeNull();
  });

  it("jumps by kind and goes first and last in the view", async () => {
    const store = await storeWithInbound();
    const steps = selectSteps(store.getState());
    store.getState().jump("nat", 1);
    expect(steps[selectCurrentStep(store.getState())]).toMatchObject({ type: "nat", kind: "DNAT" });
    store.getState().last();
    expect(selectViewPosition(store.getState()).n).toBe(selectView(store.getState()).length);
    store.getState().first();
    expect(selectCurrentStep(store.getState())).toBe(0);
  });
});
