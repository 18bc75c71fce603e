// @vitest-environment jsdom
import { LazyMotion, domAnimation } from "motion/react";
import { act } from "react";
import { createRoot, type Root } from "react-dom/client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { useAppStore } from "../../../src/store/index.ts";
import { TracePanel } from "../../../src/ui/trace/TracePanel.tsx";
import { INBOUND, OUTBOUND } from "./fixtures/traces.ts";
import { labWorld } from "./fixtures/worlds.ts";

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
// jsdom does not lay out, so it has no scrollIntoView.
if (!("scrollIntoView" in Element.prototype)) {
  Object.defineProperty(Element.prototype, "scrollIntoView", { value: () => undefined });
}

let root: Root;
let host: HTMLDivElement;

beforeEach(() => {
  host = document.createElement("div");
  document.body.append(host);
  root = createRoot(host);
  // No worker in Node: the chain listing falls back to the rule's own text.
  useAppStore.setState({
    peek: () => Promise.resolve({ stdout: "", stderr: "iptables: not here\n", exitCode: 1 }),
    world: labWorld(1),
    lastEvents: [],
  });
});

afterEach(() => {
  act(() => root.unmount());
  host.remove();
});

function show(events: typeof OUTBOUND) {
  act(() => useAppStore.setState({ lastEvents: events }));
  act(() =>
    root.render(
      <LazyMotion features={domAnimation}>
        <TracePanel />
      </LazyMotion>,
    ),
  );
  act(() => useAppStore.getState().pause());
}

describe("TracePanel", () => {
  it("lists every step as an ordered list a screen reader can read", () => {
    show(INBOUND);
    const items = [...host.querySelectorAll('[data-testid="trace-events"] > li')].map((li) => li.textContent);
    expect(items).toHaveLength(9);
    expect(items[4]).toBe(
      "#1 nat DOCKER rule 2 → DNAT: -A DOCKER ! -i docker0 -p tcp -m tcp --dport 2024 -j DNAT --to-destination 172.17.0.2:80",
    );
    expect(host.querySelector('[data-testid="step-counter"]')?.textContent).toBe("step 1 of 9");
    expect(host.querySelector('[aria-current="step"]')?.textContent).toBe(items[0]);
  });

  it("jumping to the MASQUERADE step shows the rewrite, the pipeline and the matched rule", () => {
    show(OUTBOUND);
    const masq = OUTBOUND.slice(1).findIndex((e) => e.type === "rule" && e.verdict === "MASQUERADE");
    act(() => useAppStore.getState().goTo(masq));
    expect(host.querySelector('[data-testid="step-counter"]')?.textContent).toBe(
      `step ${masq + 1} of ${OUTBOUND.length - 1}`,
    );
    const pipeline = host.querySelector('[data-testid="pipeline"]')?.textContent ?? "";
    expect(pipeline).toContain("POSTROUTING · docker-host");
    expect(pipeline).toContain(
      "nat POSTROUTING rule 1 → MASQUERADE: -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE",
    );
    expect(host.textContent).toContain("-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE");
    act(() => useAppStore.getState().stepBy(1));
    expect(host.querySelector('[data-testid="header-card"]')?.textContent).toBe(
      "Packet #1 · SYN from curltcp 10.88.0.4:47832 → 203.0.113.10:80 [SYN]TTL 63, 60 bytesMASQUERADE: source 172.17.0.2 → 10.88.0.4",
    );
    expect(host.querySelector('[data-testid="conntrack"]')?.textContent).toContain(
      "SYN_SENT src=172.17.0.2 dst=203.0.113.10",
    );
  });

  it("a reply shows its un-NAT and the step buttons walk back and forth", () => {
    show(OUTBOUND);
    const unSnat = OUTBOUND.slice(1).findIndex((e) => e.type === "nat" && e.kind === "un-SNAT");
    act(() => useAppStore.getState().goTo(unSnat));
    expect(host.querySelector('[data-testid="header-card"]')?.textContent).toContain(
      "un-SNAT: destination 10.88.0.4 → 172.17.0.2",
    );
    const back = [...host.querySelectorAll("button")].find((b) => b.textContent === "Back")!;
    act(() => back.click());
    expect(host.querySelector('[data-testid="step-counter"]')?.textContent).toBe(
      `step ${unSnat} of ${OUTBOUND.length - 1}`,
    );
  });

  it("a command without packets says so", () => {
    show([{ type: "command", machine: "host", line: "echo hi", exitCode: 0 }]);
    expect(host.textContent).toBe("Packet traceecho hi → exit 0This command sent no packets.");
  });
});

describe("TracePanel drops", () => {
  it("says where and why a packet was dropped, in the header card", () => {
    show(INBOUND);
    act(() => useAppStore.getState().goTo(8));
    expect(host.querySelector('[data-testid="drop-reason"]')?.textContent).toBe(
      "dropped in mynginxs: nothing listens on that port (tcp port 80 closed)",
    );
  });
});

describe("TracePanel keys", () => {
  it("steps with the arrows and jumps with Home/End, but leaves the controls' own keys alone", () => {
    show(INBOUND);
    const region = host.querySelector<HTMLElement>('[aria-label="All trace events"]')!;
    const press = (el: HTMLElement, key: string) =>
      act(() => {
        el.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true }));
      });
    const counter = () => host.querySelector('[data-testid="step-counter"]')?.textContent;
    press(region, "ArrowRight");
    press(region, "ArrowRight");
    expect(counter()).toBe("step 3 of 9");
    press(region, "ArrowLeft");
    expect(counter()).toBe("step 2 of 9");
    press(region, "End");
    expect(counter()).toBe("step 9 of 9");
    press(region, "Home");
    expect(counter()).toBe("step 1 of 9");
    press(host.querySelector("select")!, "ArrowRight");
    expect(counter()).toBe("step 1 of 9");
  });
});
