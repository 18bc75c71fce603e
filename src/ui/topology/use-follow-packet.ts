/**
 * Keeps the packet in sight when the graph is larger than its pane: on a phone the view
 * is not shrunk below a readable zoom, and a learner may have zoomed in. When the node the
 * current step happens at lies (even partly) outside the pane, the view glides to centre it
 * along that axis only, at the same zoom. A fitted view already shows every node: it never moves.
 */
import { useReactFlow, useStoreApi } from "@xyflow/react";
import { useReducedMotion } from "motion/react";
import { useEffect, type RefObject } from "react";

const GLIDE_MS = 300;

/** What is followed: a node's place and size in the graph. */
export interface Followed {
  readonly position: { readonly x: number; readonly y: number };
  readonly width?: number;
  readonly height?: number;
}

/** `headroom`: screen pixels wanted above the target (the packet's label rides over it). */
/**
 * `fitted`: settles when the fit under way (if any) has finished. A glide started while a fit
 * still zooms would take the fit's passing zoom and stop it there; it waits for the fit and
 * follows in the view the fit chose.
 */
export function useFollowPacket(
  target: Followed | undefined,
  headroom = 0,
  fitted?: RefObject<Promise<unknown>>,
  /** Changes when the view should be checked again though the target did not move (a fit ended). */
  again: unknown = 0,
  /** The least zoom the view may be left at (presenter mode's): a follow that finds less, mid-fit, sets this. */
  minZoom = 0,
): void {
  const store = useStoreApi();
  const { setViewport } = useReactFlow();
  const reduce = useReducedMotion();
  useEffect(() => {
    if (!target) return;
    let cancelled = false;
    const follow = () => {
      if (cancelled) return;
      const { transform, width, height } = store.getState();
      const [tx, ty, drawn] = transform;
      const zoom = Math.max(drawn, minZoom);
      const w = target.width ?? 0;
      const h = target.height ?? 0;
      const left = target.position.x * zoom + tx;
      const top = target.position.y * zoom + ty;
      const outX = left < 0 || left + w * zoom > width;
      const outY = top < headroom || top + h * zoom > height;
      if (!outX && !outY && zoom === drawn) return;
      // A zoom raised to its least keeps the target's place only by centring it.
      const rezoomed = zoom !== drawn;
      const x = outX || rezoomed ? width / 2 - (target.position.x + w / 2) * zoom : tx;
      const y =
        outY || rezoomed
          ? Math.max(headroom - target.position.y * zoom, height / 2 - (target.position.y + h / 2) * zoom)
          : ty;
      void setViewport({ x, y, zoom }, { duration: reduce ? 0 : GLIDE_MS });
    };
    // Read the ref once this commit's effects have run: a fit this same change starts is set by then.
    if (fitted)
      void Promise.resolve()
        .then(() => fitted.current)
        .then(follow);
    else follow();
    return () => {
      cancelled = true;
    };
  }, [target, headroom, store, setViewport, reduce, fitted, again, minZoom]);
}
