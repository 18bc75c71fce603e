/**
 * What a step of the view says: a step of the full timeline says its own sentence; a folded
 * step says what it stands for (a name lookup, or a packet that went its connection's way). Pure.
 */
import type { ViewEntry } from "../../store/index.ts";
import type { NameOf, Step, Timeline, TraceT } from "./timeline.ts";

export function entryText(entry: ViewEntry, timeline: Timeline, nameOf: NameOf, t: TraceT): string {
  const step = timeline.steps[entry.index];
  if (!step) return "";
  if (entry.fold === "dns") {
    const names = new Set<string>();
    let count = 0;
    for (let i = entry.from; i <= entry.to; i++) {
      const e = timeline.steps[i]!.event;
      if (e.type !== "packet") continue;
      count++;
      const name = /^DNS \w+ \w+ (\S+)/.exec(e.label)?.[1];
      if (name) names.add(name);
    }
    return t("dns.fold", { names: [...names].join(", "), count });
  }
  if (entry.fold === "packet") {
    const p = step.packet;
    const kinds = new Set<string>();
    for (let i = entry.from; i <= entry.to; i++) {
      const e = timeline.steps[i]!.event;
      if (e.type === "nat") kinds.add(e.kind);
    }
    const end = step.event;
    const to =
      end.type === "deliver"
        ? t("fold.delivered", { process: end.process, where: nameOf(end.netns) })
        : t("fold.dropped", { where: step.where });
    return t("fold.packet", {
      id: step.event.packetId,
      label: p?.label ?? "",
      reply: p?.direction === "reply" ? t("step.replySuffix") : "",
      sender: p?.sender ?? "",
      from: p ? nameOf(p.netns) : "",
      to,
      nat: kinds.size > 0 ? t("fold.nat", { kinds: [...kinds].join(", ") }) : "",
    });
  }
  return step.text;
}

export function entryTone(entry: ViewEntry, step: Step | undefined): Step["tone"] {
  if (entry.fold === "dns") return "packet";
  if (entry.fold === "packet") return step?.tone === "drop" ? "drop" : "deliver";
  return step?.tone ?? "hook";
}
