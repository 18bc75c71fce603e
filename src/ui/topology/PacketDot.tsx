import { useReducedMotion, m } from "motion/react";
import { ViewportPortal } from "@xyflow/react";
import { useTranslation } from "react-i18next";
import type { PacketLabel } from "../trace/nat-label.ts";
import type { Point } from "./path.ts";

export const DOT = 18;

/**
 * The packet of the step shown, drawn in the graph's own coordinates, carrying its name and
 * addresses. `points` is the way from where it was to where it is now (along the wires, or
 * hook to hook inside a machine's pipeline); the last point is where it rests. At a NAT step
 * the address that changes is struck out beside the new one.
 */
export function PacketDot({
  stepKey,
  points,
  label,
  seconds,
  align = "left",
}: {
  readonly stepKey: number;
  readonly points: readonly Point[];
  readonly label: PacketLabel | null;
  readonly seconds: number;
  /** Which way the label runs from the dot: leftwards near the graph's right edge, so it stays on screen. */
  readonly align?: "left" | "right";
}) {
  const reduce = useReducedMotion();
  const { t } = useTranslation("topology");
  const to = points[points.length - 1];
  if (!to || !label) return null;
  const at = points.map((p) => ({ x: p.x - DOT / 2, y: p.y - DOT / 2 }));
  const from = at[0]!;
  const dropped = label.end === "dropped";
  const reply = label.reply;
  const colour = dropped ? "bg-red-600" : reply ? "bg-fuchsia-600" : "bg-orange-500";
  const change = label.change;
  const old = (side: "src" | "dst") =>
    change && (change.side === side || change.side === "both")
      ? side === "src"
        ? change.srcBefore
        : change.dstBefore
      : null;
  const addr = (side: "src" | "dst") => {
    const before = old(side);
    const now = side === "src" ? label.src : label.dst;
    return before ? (
      <span data-testid={`nat-${side}`}>
        <s className="text-slate-500 decoration-2 dark:text-slate-400">{before}</s>{" "}
        <span className="rounded bg-fuchsia-200 px-0.5 font-bold text-fuchsia-950 dark:bg-fuchsia-800 dark:text-white">
          {now}
        </span>
      </span>
    ) : (
      <span>{now}</span>
    );
  };
  return (
    <ViewportPortal>
      <m.div
        key={stepKey}
        aria-hidden="true"
        data-testid="packet-dot"
        data-reply={reply ? "true" : "false"}
        className={`pointer-events-none absolute flex items-center justify-center border-2 border-white text-[12px] leading-none font-bold text-white shadow-lg ${colour} ${
          reply ? "rounded-[5px]" : "rounded-full"
        }`}
        style={{ width: DOT, height: DOT, left: 0, top: 0, zIndex: 1000 }}
        initial={{ x: from.x, y: from.y, scale: dropped ? 1.4 : 1 }}
        animate={{
          x: at.length > 1 ? at.map((p) => p.x) : from.x,
          y: at.length > 1 ? at.map((p) => p.y) : from.y,
          scale: 1,
        }}
        transition={reduce ? { duration: 0 } : { duration: seconds, ease: "easeInOut" }}
      >
        {dropped ? "✕" : reply ? "↩" : ""}
        <span
          className={`font-term absolute bottom-[14px] ${align === "left" ? "left-[-6px]" : "right-[-6px]"} rounded border px-1 py-0.5 text-[17px] leading-[22px] font-normal whitespace-nowrap shadow max-lg:w-max max-lg:max-w-[330px] max-lg:whitespace-normal ${
            reply
              ? "border-fuchsia-600 bg-fuchsia-50 text-fuchsia-950 dark:bg-fuchsia-950 dark:text-fuchsia-50"
              : "border-orange-500 bg-orange-50 text-slate-950 dark:bg-slate-900 dark:text-orange-50"
          } ${reply ? "border-dashed" : ""}`}
          data-testid="packet-label"
        >
          <b>{label.name}</b> {addr("src")} → {addr("dst")}
          {change ? (
            <span
              className="ml-1 rounded bg-fuchsia-700 px-1 font-sans font-semibold text-white"
              data-testid="nat-change"
              data-kind={change.kind}
            >
              {change.kind}
            </span>
          ) : null}
          {label.end ? (
            <span
              className={`ml-1 rounded px-1 font-sans font-semibold text-white ${dropped ? "bg-red-700" : "bg-emerald-700"}`}
              data-testid="packet-badge"
            >
              {dropped ? t("packet.dropped") : t("packet.delivered")}
            </span>
          ) : null}
        </span>
      </m.div>
    </ViewportPortal>
  );
}
