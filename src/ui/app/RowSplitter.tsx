import type { KeyboardEvent, PointerEvent, RefObject } from "react";
import { useTranslation } from "react-i18next";
import { MAX_SHARE, MIN_SHARE } from "./row-share.ts";

const STEP = 5;

/**
 * The bar between the topology and the terminal/trace row: drag it, or focus it and use
 * ↑/↓ (Home/End for the extremes), as the ARIA window-splitter pattern has it.
 */
export function RowSplitter({
  share,
  onChange,
  container,
  className = "",
}: {
  readonly share: number;
  readonly onChange: (share: number) => void;
  readonly container: RefObject<HTMLElement | null>;
  readonly className?: string;
}) {
  const { t } = useTranslation("topology");
  const fromPointer = (e: PointerEvent<HTMLDivElement>) => {
    const box = container.current?.getBoundingClientRect();
    if (box && box.height > 0) onChange(((e.clientY - box.top) / box.height) * 100);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const keys: Record<string, number> = {
      ArrowUp: share - STEP,
      ArrowDown: share + STEP,
      Home: MIN_SHARE,
      End: MAX_SHARE,
    };
    const next = keys[e.key];
    if (next === undefined) return;
    e.preventDefault();
    onChange(next);
  };
  return (
    <div
      role="separator"
      aria-orientation="horizontal"
      aria-label={t("resize")}
      aria-controls="topology-panel"
      aria-valuenow={share}
      aria-valuemin={MIN_SHARE}
      aria-valuemax={MAX_SHARE}
      tabIndex={0}
      data-testid="row-splitter"
      className={`group flex h-2 cursor-row-resize touch-none items-center justify-center outline-none ${className}`}
      onPointerDown={(e) => {
        e.currentTarget.setPointerCapture(e.pointerId);
        fromPointer(e);
      }}
      onPointerMove={(e) => {
        if (e.currentTarget.hasPointerCapture(e.pointerId)) fromPointer(e);
      }}
      onKeyDown={onKeyDown}
    >
      <div className="h-1 w-16 rounded-full bg-slate-300 group-hover:bg-sky-500 group-focus-visible:bg-sky-600 dark:bg-slate-700" />
    </div>
  );
}
