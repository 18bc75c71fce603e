/** A listening `nc -l` (a shell job) as a server: it keeps what its one client sent, then exits. */
import type { Listener, Netns } from "../kernel/types.ts";

/** The listener after a client sent `data` and closed: it reads to EOF and exits. */
export function served(ns: Netns, listener: Listener, data: string): Netns {
  return {
    ...ns,
    listeners: ns.listeners.map((l) =>
      l.app.kind === "nc" && l.port === listener.port && l.app.job === (listener.app as { job: number }).job
        ? { ...l, app: { ...l.app, received: l.app.received + data, done: true } }
        : l,
    ),
  };
}
