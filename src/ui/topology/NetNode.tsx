import { Handle, Position, type NodeProps } from "@xyflow/react";
import { m } from "motion/react";
import { memo } from "react";
import { useTranslation } from "react-i18next";
import type { NetData, NetNode as NetNodeType, NetNodeKind } from "./to-flow-elements.ts";

const KIND_STYLE: Record<NetNodeKind, string> = {
  internet: "border-violet-700 bg-violet-50 dark:border-violet-400 dark:bg-violet-950",
  host: "border-sky-700 bg-sky-50 dark:border-sky-400 dark:bg-sky-950",
  bridge: "border-amber-700 bg-amber-50 dark:border-amber-400 dark:bg-amber-950",
  port: "border-slate-500 bg-white dark:border-slate-400 dark:bg-slate-800",
  container: "border-emerald-700 bg-emerald-50 dark:border-emerald-400 dark:bg-emerald-950",
};

const TONE_STYLE = {
  addr: "text-slate-900 dark:text-slate-100",
  app: "text-emerald-800 dark:text-emerald-300",
  note: "text-slate-700 dark:text-slate-300",
  warn: "font-semibold text-red-700 dark:text-red-300",
} as const;

function NetNodeView({ data, selected, width, height, sourcePosition, targetPosition }: NodeProps<NetNodeType>) {
  const { t } = useTranslation("topology");
  const d: NetData = data;
  return (
    <m.div
      initial={{ opacity: 0, scale: 0.85 }}
      animate={d.leaving ? { opacity: 0, scale: 0.8 } : { opacity: 1, scale: 1 }}
      transition={{ duration: 0.35 }}
      style={{ width, height }}
      className={`overflow-hidden rounded-md border-2 px-2 py-1 text-slate-900 shadow-sm dark:text-slate-100 ${KIND_STYLE[d.kind]} ${
        selected ? "ring-4 ring-sky-500" : ""
      }`}
      data-testid={`node-${d.kind}`}
      title={`${d.title}: ${t(`node.kind.${d.kind}`)}`}
    >
      <Handle type="target" position={targetPosition ?? Position.Left} isConnectable={false} />
      {/* Pixel sizes, not the theme's (presenter mode enlarges those): the node's size is measured from them. */}
      <div className={`truncate font-semibold ${d.large ? "text-[17px] leading-6" : "text-[14px] leading-5"}`}>
        {d.title}
      </div>
      {d.subtitle ? (
        <div
          className={`truncate text-slate-700 dark:text-slate-300 ${d.large ? "text-[14px] leading-5" : "text-[12px] leading-4"}`}
        >
          {d.subtitle}
        </div>
      ) : null}
      <ul className={`font-term ${d.large ? "text-[14px] leading-5" : "text-[11px] leading-4"}`}>
        {d.lines.map((l, i) => (
          <li key={i} className={`truncate ${TONE_STYLE[l.tone ?? "note"]}`}>
            {l.text}
          </li>
        ))}
      </ul>
      <Handle type="source" position={sourcePosition ?? Position.Right} isConnectable={false} />
    </m.div>
  );
}

export const NetNode = memo(NetNodeView);
