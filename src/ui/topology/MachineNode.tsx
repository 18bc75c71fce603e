import { Handle, Position, type NodeProps } from "@xyflow/react";
import type { MachineNode as MachineNodeType } from "./to-flow-elements.ts";

export function MachineNode({ data }: NodeProps<MachineNodeType>) {
  return (
    <div className="min-w-40 rounded-md border border-sky-700 bg-sky-50 px-3 py-2 text-slate-900 shadow-sm dark:border-sky-400 dark:bg-slate-800 dark:text-slate-100">
      <Handle type="target" position={Position.Top} />
      <div className="text-sm font-semibold">{data.label}</div>
      <div className="font-term text-xs text-slate-700 dark:text-slate-300">{data.detail}</div>
      <Handle type="source" position={Position.Bottom} />
    </div>
  );
}
