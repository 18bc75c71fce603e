// @vitest-environment jsdom
import { LazyMotion, domAnimation } from "motion/react";
import { act } from "react";
import { createRoot, type Root } from "react-dom/client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { NO_FILTERS, useAppStore } from "../../../src/store/index.ts";
import "../../../src/ui/i18n/i18n.ts";
import { useStepKeys } from "../../../src/ui/presenter/use-step-keys.ts";
import { TracePanel } from "../../../src/ui/trace/TracePanel.tsx";
import { INBOUND, OUTBOUND } from "./fixtures/traces.ts";
import { labWorld } from "./fixtures/worlds.ts";
import { viewOf } from "../../../src/worker/view.ts";

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
    worldView: viewOf(labWorld(1)),
    lastEvents: [],
    view: "key",
    filters: NO_FILTERS,
    cursor: null,
    playing: false,
  });
});

afterEach(() => {
  act(() => root.unmount());
  host.remove();
});

/** The panel with the page's stepping keys, as the app mounts them. */
function WithKeys() {
  useStepKeys();
  return <TracePanel />;
}

function show(events: typeof OUTBOUND) {
  act(() => useAppStore.setState((s) => ({ lastEvents: events, traceSeq: s.traceSeq + 1 })));
  act(() =>
    root.render(
      <LazyMotion features={domAnimation}>
        <WithKeys />
      </LazyMotion>,
    ),
  );
}

const counter = () => host.querySelector('[data-testid="step-counter"]')?.textContent;
const items = () => [...host.querySelectorAll('[data-testid="trace-events"] > li')].map((li) => li.textContent);
const button = (name: string) => [...host.querySelectorAll("button")].find((b) => b.textContent === name)!;

describe("TracePanel", () => {
  it("waits at the first key moment and lists the view's steps as an ordered list a screen reader can read", () => {
    show(INBOUND);
    // The key view leaves out the jump to DOCKER: the DNAT rule that decided is the moment.
    expect(items()).toHaveLength(8);
    expect(items()[3]).toBe(
      "#1 nat DOCKER rule 2 → DNAT: -A DOCKER ! -i docker0 -p tcp -m tcp --dport 2024 -j DNAT --to-destination 172.17.0.2:80",
    );
    expect(counter()).toBe("step 1 of 8");
    expect(host.querySelector('[aria-current="step"]')?.textContent).toBe(items()[0]);
    expect(button("Play")).toBeDefined();
    act(() => button("Every step").click());
    expect(items()).toHaveLength(9);
    expect(counter()).toBe("step 1 of 9");
  });

  it("jumping to the MASQUERADE rule shows its chain with the matched rule apart, then the rewrite", () => {
    show(OUTBOUND);
    const masq = OUTBOUND.slice(1).findIndex((e) => e.type === "rule" && e.verdict === "MASQUERADE");
    act(() => useAppStore.getState().goToStep(masq));
    expect(host.querySelector('[data-testid="current-step"]')?.textContent).toContain(
      "nat POSTROUTING rule 1 → MASQUERADE: -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE",
    );
    expect(host.querySelector('[data-testid="matched-rule-apart"]')?.textContent).toContain(
      "-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE",
    );
    act(() => useAppStore.getState().stepBy(1));
    expect(host.querySelector('[data-testid="header-card"]')?.textContent).toBe(
      "Packet #1 · SYN from curltcp 10.88.0.4:47832 → 203.0.113.10:80 [SYN]TTL 63, 60 bytesMASQUERADE: source 172.17.0.2 → 10.88.0.4",
    );
    expect(host.querySelector('[data-testid="conntrack"]')?.textContent).toContain(
      "SYN_SENT src=172.17.0.2 dst=203.0.113.10",
    );
  });

  it("jumps to the next NAT and packet, and the step buttons walk back and forth in the view", () => {
    show(OUTBOUND);
    act(() => button("Next NAT").click());
    expect(host.querySelector('[data-testid="current-step"]')?.textContent).toContain("MASQUERADE in docker-host");
    act(() => button("Next NAT").click());
    expect(host.querySelector('[data-testid="header-card"]')?.textContent).toContain(
      "un-SNAT: destination 10.88.0.4 → 172.17.0.2",
    );
    const at = counter();
    act(() => button("Back").click());
    act(() => button("Next").click());
    expect(counter()).toBe(at);
    act(() => button("Previous packet").click());
    expect(host.querySelector('[data-testid="current-step"]')?.textContent).toMatch(/^#2 .* sends SYN-ACK \(reply\)/);
    act(() => button("Previous packet").click());
    expect(host.querySelector('[data-testid="current-step"]')?.textContent).toMatch(/^#1 curl in /);
  });

  it("a command without packets says so", () => {
    show([{ type: "command", machine: "host", line: "echo hi", exitCode: 0 }]);
    expect(host.textContent).toBe("Packet traceecho hi → exit 0This command sent no packets.");
  });

  it("filters the steps by kind of event", () => {
    show(OUTBOUND);
    act(() => button("Every step").click());
    act(() => button("Filters").click());
    const nat = [...host.querySelectorAll<HTMLInputElement>('[data-testid="filters"] input[type="checkbox"]')].find(
      (i) => i.parentElement?.textContent === "NAT",
    )!;
    act(() => nat.click());
    expect(items()).toEqual([
      "#1 MASQUERADE in docker-host (by rule): source 172.17.0.2 → 10.88.0.4",
      "#2 un-SNAT in docker-host (by conntrack): destination 10.88.0.4 → 172.17.0.2",
    ]);
    expect(counter()).toMatch(/ of 2$/);
    act(() => button("Show all").click());
    expect(items()).toHaveLength(OUTBOUND.length - 1);
  });
});

describe("TracePanel drops", () => {
  it("says where and why a packet was dropped, in the step shown", () => {
    show(INBOUND);
    act(() => useAppStore.getState().goToStep(8));
    expect(host.querySelector('[data-testid="current-step"]')?.textContent).toBe(
      "#1 dropped in mynginxs: nothing listens on that port (tcp port 80 closed)",
    );
  });
});

describe("TracePanel keys (the page's stepping keys)", () => {
  it("steps with the arrows and jumps with Home/End, but leaves the controls' own keys alone", () => {
    show(INBOUND);
    const region = host.querySelector<HTMLElement>('[aria-label="All trace events"]')!;
    const press = (el: HTMLElement, key: string) =>
      act(() => {
        el.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true }));
      });
    press(region, "ArrowRight");
    press(region, "ArrowRight");
    expect(counter()).toBe("step 3 of 8");
    press(region, "ArrowLeft");
    expect(counter()).toBe("step 2 of 8");
    press(region, "End");
    expect(counter()).toBe("step 8 of 8");
    press(region, "Home");
    expect(counter()).toBe("step 1 of 8");
    press(host.querySelector("select")!, "ArrowRight");
    expect(counter()).toBe("step 1 of 8");
    // PageDown steps only in presenter mode, and then from the terminal's prompt too.
    const prompt = document.createElement("textarea");
    prompt.id = "terminal-input";
    host.append(prompt);
    press(prompt, "ArrowRight");
    press(prompt, "PageDown");
    expect(counter()).toBe("step 1 of 8");
    act(() => useAppStore.setState({ presenter: true }));
    press(prompt, "PageDown");
    expect(counter()).toBe("step 2 of 8");
    act(() => useAppStore.setState({ presenter: false }));
  });
});
