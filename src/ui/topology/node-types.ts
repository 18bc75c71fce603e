import { HookPipelineNode } from "./HookPipelineNode.tsx";
import { NetNode } from "./NetNode.tsx";

/** At module scope, as React Flow asks: a new object each render would remount every node. */
export const nodeTypes = { net: NetNode, hooks: HookPipelineNode };
