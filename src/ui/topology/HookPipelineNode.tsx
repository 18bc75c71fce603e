import type { Node, NodeProps } from "@xyflow/react";
import { memo } from "react";
import { useTranslation } from "react-i18next";
import type { Hook } from "../../sim/netfilter/types.ts";
import { explainCause } from "../trace/explain.ts";
import type { NameOf } from "../trace/timeline.ts";
import { HOOK_TABLES, pipelineLayout, type PipeBox, type PipeShape } from "./hook-pipeline.ts";
import type { BoxStatus, Decision, PipelineState } from "./pipeline-state.ts";

export interface HooksData extends Record<string, unknown> {
  readonly shape: PipeShape;
  readonly where: string;
  readonly state: PipelineState | null;
  readonly nameOf: NameOf;
}

export type HooksNode = Node<HooksData, "hooks">;

const BOX_STYLE: Record<BoxStatus, string> = {
  ahead: "border-slate-300 bg-white text-slate-600 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-300",
  passed: "border-sky-700 bg-sky-50 text-slate-900 dark:border-sky-400 dark:bg-sky-950 dark:text-slate-100",
  here: "border-amber-500 bg-amber-100 text-slate-950 shadow-[0_0_0_4px_rgba(245,158,11,0.35)] dark:bg-amber-900 dark:text-white",
  dropped:
    "border-red-600 bg-red-100 text-red-950 shadow-[0_0_0_4px_rgba(220,38,38,0.3)] dark:bg-red-950 dark:text-red-50",
};

/** The decision line's line height (its `leading-[21px]`): its band shows whole lines only. */
const DECISION_LINE_PX = 21;

const MARK: Record<BoxStatus, string> = { ahead: "", passed: "✓ ", here: "▶ ", dropped: "✕ " };

function isHook(b: PipeBox): b is Hook {
  return b !== "route" && b !== "local";
}

function DecisionLine({ d, nameOf }: { readonly d: Decision; readonly nameOf: NameOf }) {
  const { t } = useTranslation("topology");
  const { t: tt } = useTranslation("trace");
  switch (d.kind) {
    case "enter":
      return d.empty ? (
        <>{t("decision.empty", { hook: d.hook })}</>
      ) : (
        <>{t("decision.enter", { hook: d.hook, tables: HOOK_TABLES[d.hook].join(" · ") })}</>
      );
    case "rule":
      return (
        <>
          <span className="rounded bg-slate-200 px-1 dark:bg-slate-700" data-testid="pipeline-chain">
            {d.table} · {d.chainPath.join(" → ")}
          </span>{" "}
          <span data-testid="pipeline-rule">
            {t("decision.rule", { table: d.table, chain: d.chain, index: d.index, rule: d.summary })}
          </span>
        </>
      );
    case "policy":
      return <>{t("decision.policy", { table: d.table, chain: d.chain, policy: d.policy })}</>;
    case "nat":
      return <>{t("decision.nat", { kind: d.natKind, by: t(`by.${d.by}`) })}</>;
    case "conntrack":
      return (
        <>
          {d.action === "new"
            ? t("decision.ctNew")
            : d.action === "confirm"
              ? t("decision.ctConfirm")
              : t("decision.ctMatch", { entry: d.entry, state: d.state })}
        </>
      );
    case "route":
      return <>{t("decision.route", { decision: d.decision, via: d.outIface ? ` → ${d.outIface}` : "" })}</>;
    case "deliver":
      return <>{t("decision.deliver", { process: d.process })}</>;
    case "sent":
      return <>{t("decision.sent", { sender: d.sender, label: d.label })}</>;
    case "arrives":
      return <>{t("decision.arrives", { iface: d.iface })}</>;
    case "drop":
      return (
        <span className="font-semibold text-red-700 dark:text-red-300">
          {t("decision.dropped")}
          {d.cause ? `: ${explainCause(d.cause, nameOf, tt)}` : ""}
        </span>
      );
  }
}

function HookPipelineView({ data, width, height }: NodeProps<HooksNode>) {
  const { t } = useTranslation("topology");
  const { state, shape, where, nameOf } = data;
  const layout = pipelineLayout(shape);
  const decisionLines = Math.floor(layout.decision.h / DECISION_LINE_PX);
  if (!state) return <div style={{ width, height }} aria-hidden="true" />;
  const lit = new Set<string>();
  for (let i = 0; i + 1 < state.path.length; i++) lit.add(`${state.path[i]}>${state.path[i + 1]}`);
  const boxName = (b: PipeBox) =>
    b === "route" ? (state.bridged ? t("bridging") : t("routing")) : b === "local" ? t("local") : b;
  return (
    <div
      className="relative rounded-lg border-2 border-slate-400 bg-white/95 text-slate-900 shadow-md dark:border-slate-500 dark:bg-slate-900/95 dark:text-slate-100"
      style={{ width: layout.width, height: layout.height }}
      data-testid="hook-pipeline"
      data-netns={state.netns}
      role="img"
      aria-label={t("pipelineLabel", { where, at: state.at ? boxName(state.at) : "—" })}
    >
      {/*
        The caption sits on the bottom edge, like a figure's legend: on the top edge, the label
        of a packet at a top-row hook was drawn over it. The decision line, cut to the whole
        lines its band holds, ends above it.
      */}
      <div
        data-text="pipeline"
        className="absolute -bottom-[12px] left-2 rounded bg-white px-1 text-[17px] leading-6 font-semibold text-slate-800 dark:bg-slate-900 dark:text-slate-200"
      >
        {t("netfilter", { where })}
      </div>
      <svg
        className="pointer-events-none absolute inset-0"
        width={layout.width}
        height={layout.height}
        aria-hidden="true"
      >
        <defs>
          <marker
            id="pipe-arrow"
            viewBox="0 0 8 8"
            refX="7"
            refY="4"
            markerWidth="9"
            markerHeight="9"
            markerUnits="userSpaceOnUse"
            orient="auto"
          >
            <path d="M0,0 L8,4 L0,8 z" fill="currentColor" />
          </marker>
        </defs>
        {layout.arrows.map((a) => {
          const on = lit.has(`${a.from}>${a.to}`);
          const [p, q] = a.points;
          return (
            <line
              key={`${a.from}-${a.to}`}
              x1={p!.x}
              y1={p!.y}
              x2={q!.x}
              y2={q!.y}
              className={on ? "text-amber-600 dark:text-amber-400" : "text-slate-400 dark:text-slate-500"}
              stroke="currentColor"
              strokeWidth={on ? 4 : 2}
              markerEnd="url(#pipe-arrow)"
            />
          );
        })}
      </svg>
      <div
        className="absolute flex flex-col justify-center px-1 leading-tight"
        style={{ left: layout.title.x, top: layout.title.y, width: layout.title.w, height: layout.title.h }}
      >
        <div
          data-text="pipeline"
          className="font-term text-[17px] leading-5 break-words text-slate-700 dark:text-slate-300"
        >
          {state.bridged
            ? t("bridged", { bridge: state.bridged })
            : [
                state.inIface ? t("in", { iface: state.inIface }) : "",
                state.outIface ? t("out", { iface: state.outIface }) : "",
              ]
                .filter((s) => s !== "")
                .join(" → ")}
        </div>
      </div>
      {(Object.keys(layout.boxes) as PipeBox[]).map((b) => {
        const r = layout.boxes[b];
        const st = state.status[b];
        return (
          <div
            key={b}
            className={`absolute flex flex-col items-center justify-center rounded-md border-2 leading-tight ${BOX_STYLE[st]} ${
              b === "route" ? "rounded-3xl" : ""
            }`}
            style={{ left: r.x, top: r.y, width: r.w, height: r.h }}
            data-testid={`hook-${b}`}
            data-status={st}
          >
            {/* A hook's name is one word; "local process" may take two lines in a longer language. */}
            <div
              data-text="pipeline"
              className={`text-[17px] font-semibold ${isHook(b) ? "whitespace-nowrap" : "px-1 text-center leading-5"}`}
            >
              {MARK[st]}
              {boxName(b)}
            </div>
            {isHook(b) ? (
              // Tight letters: OUTPUT's four tables fill its box at 14 px.
              <div className="text-[14px] tracking-tight whitespace-nowrap">
                {HOOK_TABLES[b].map((tb, i) => (
                  <span
                    key={tb}
                    className={
                      st === "here" && state.table === tb ? "rounded bg-amber-400 px-0.5 font-bold text-slate-950" : ""
                    }
                  >
                    {i > 0 ? " · " : ""}
                    {tb}
                  </span>
                ))}
              </div>
            ) : null}
          </div>
        );
      })}
      {/* As many lines as its band holds, the rest cut with an ellipsis: the trace panel shows the whole rule. */}
      <div
        className="font-term absolute overflow-hidden text-[17px] leading-[21px] break-words"
        style={{
          left: layout.decision.x,
          top: layout.decision.y,
          width: layout.decision.w,
          height: decisionLines * DECISION_LINE_PX,
          display: "-webkit-box",
          WebkitBoxOrient: "vertical",
          WebkitLineClamp: decisionLines,
        }}
        data-testid="pipeline-decision"
      >
        {state.decision ? <DecisionLine d={state.decision} nameOf={nameOf} /> : null}
      </div>
    </div>
  );
}

export const HookPipelineNode = memo(HookPipelineView);
