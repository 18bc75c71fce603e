import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { selectWorldSeq, selectWorldView, useAppStore } from "../../store/index.ts";
import { toFlowElements } from "./to-flow-elements.ts";

/** Real tool output for the selected namespace, fetched from the worker without changing the world. */
function useToolOutput(machine: string | undefined, lines: readonly string[]): { line: string; text: string }[] {
  const peek = useAppStore((s) => s.peek);
  // Asked again whenever the world changed, counters included (the view alone does not show them).
  const worldSeq = useAppStore(selectWorldSeq);
  const [out, setOut] = useState<{ line: string; text: string }[]>([]);
  const key = lines.join("\n");
  useEffect(() => {
    if (!machine) return;
    let live = true;
    void Promise.all(key.split("\n").map(async (line) => ({ line, r: await peek(line, machine) }))).then((rs) => {
      if (live)
        setOut(
          rs.filter((x) => x.r.exitCode === 0 && x.r.stdout !== "").map((x) => ({ line: x.line, text: x.r.stdout })),
        );
    });
    return () => {
      live = false;
    };
  }, [machine, key, peek, worldSeq]);
  return machine ? out : [];
}

export function DetailsPanel() {
  const { t } = useTranslation("topology");
  const selected = useAppStore((s) => s.selectedNode);
  const world = useAppStore(selectWorldView);
  const selectNode = useAppStore((s) => s.selectNode);
  const node = selected && world ? toFlowElements(world).nodes.find((n) => n.id === selected) : undefined;
  const ns = node ? world?.netns[node.data.netns] : undefined;
  const commands = !ns
    ? []
    : node?.data.kind === "container"
      ? ["ip addr", "ip route"]
      : ["ip addr", "ip route", "iptables -t nat -nvL", "iptables -nvL"];
  const outputs = useToolOutput(ns?.id, commands);
  if (!node || !ns) return null;
  return (
    <aside
      aria-label={t("details.label", { name: node.data.title })}
      tabIndex={0}
      className="max-h-72 w-full overflow-auto border-t border-slate-200 p-2 text-xs md:max-h-none md:w-80 md:border-t-0 md:border-l dark:border-slate-800"
      data-testid="details"
    >
      <div className="mb-1 flex items-center justify-between gap-2">
        <h3 className="text-sm font-semibold">{node.data.title}</h3>
        <button
          type="button"
          className="rounded border border-slate-300 px-2 py-0.5 hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
          onClick={() => selectNode(null)}
        >
          {t("details.close")}
        </button>
      </div>
      <dl className="space-y-1">
        <dt className="font-semibold">{t("details.addresses")}</dt>
        <dd className="font-term">
          {ns.addrs.map((a) => (
            <div key={`${a.ifname}-${a.address}`}>
              {a.ifname} {a.address}/{a.prefixLen}
            </div>
          ))}
          {(ns.addrs6 ?? []).map((a) => (
            <div key={`${a.ifname}-${a.address}`}>
              {a.ifname} {a.address}/{a.prefixLen}
            </div>
          ))}
        </dd>
        <dt className="font-semibold">{t("details.routes")}</dt>
        <dd className="font-term">
          {ns.routes.length === 0
            ? t("details.none")
            : ns.routes.map((r, i) => <div key={i}>{`${r.dst}${r.via ? ` via ${r.via}` : ""} dev ${r.dev}`}</div>)}
        </dd>
        <dt className="font-semibold">{t("details.listening")}</dt>
        <dd className="font-term">
          {ns.listeners.length === 0
            ? t("details.nothing")
            : ns.listeners.map((l, i) => <div key={i}>{`${l.proto} ${l.addr}:${l.port} ${l.process}`}</div>)}
        </dd>
        <dt className="font-semibold">net.ipv4.ip_forward</dt>
        <dd className="font-term">{ns.sysctl["net.ipv4.ip_forward"] ?? "?"}</dd>
      </dl>
      {outputs.map((o) => (
        <section key={o.line} className="mt-2">
          <h4 className="font-term font-semibold">$ {o.line}</h4>
          <pre className="font-term whitespace-pre">{o.text}</pre>
        </section>
      ))}
    </aside>
  );
}
