import { ViewportPortal } from "@xyflow/react";
import { useTranslation } from "react-i18next";
import type { DropCause } from "../../sim/trace/events.ts";
import type { NetNode } from "./to-flow-elements.ts";

/**
 * Where a failure's cause lies, when it is not where the packet stopped: a reply that finds
 * no way back stops on the internet, but the cause is the host's POSTROUTING, marked here.
 */
export function CauseMarker({ cause, node }: { readonly cause: DropCause; readonly node: NetNode | undefined }) {
  const { t } = useTranslation("topology");
  if (!node || !cause.fixAt) return null;
  return (
    <ViewportPortal>
      <div
        className="pointer-events-none absolute rounded border-2 border-red-600 bg-red-50 px-1.5 py-0.5 text-[14px] leading-5 font-semibold whitespace-nowrap text-red-900 shadow dark:bg-red-950 dark:text-red-50"
        style={{ left: node.position.x, top: node.position.y - 30, zIndex: 1001 }}
        data-testid="cause-marker"
      >
        ⚠ {t("causeAt", { hook: cause.fixAt.hook, addr: cause.addr ?? "" })}
      </div>
    </ViewportPortal>
  );
}
