import { Background, Controls, ReactFlow } from "@xyflow/react";
import { useMemo } from "react";
import { useAppStore } from "../../store/index.ts";
import { Panel } from "../app/Panel.tsx";
import { nodeTypes } from "./node-types.ts";
import { toFlowElements } from "./to-flow-elements.ts";

export function TopologyPanel({ className }: { readonly className?: string }) {
  const world = useAppStore((s) => s.world);
  const { nodes, edges } = useMemo(() => (world ? toFlowElements(world) : { nodes: [], edges: [] }), [world]);
  return (
    <Panel id="topology" title="Topology" className={className}>
      <div className="h-full w-full" data-testid="topology">
        <ReactFlow
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          fitView
          nodesConnectable={false}
          aria-label="Network topology"
        >
          <Background />
          <Controls showInteractive={false} />
        </ReactFlow>
      </div>
    </Panel>
  );
}
