import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { machineLabel, selectWorldView, useAppStore } from "../../store/index.ts";

/** Attach the terminal to the host, the internet or a container, without typing `docker exec`. */
export function MachineSwitcher() {
  const { t } = useTranslation("session");
  const world = useAppStore(selectWorldView);
  const machine = useAppStore((s) => s.session.machine);
  const busy = useAppStore((s) => s.busy);
  const options = useMemo(() => {
    const ids = world ? Object.keys(world.netns) : [];
    const out = [{ id: "host", label: "host" }];
    if (ids.includes("internet")) out.push({ id: "internet", label: t("terminal.internet") });
    for (const id of ids)
      if (id !== "host" && id !== "internet") {
        // A namespace made with `ip netns add` is no container (store/world-view.ts names it).
        const key = id.startsWith("netns:") ? "terminal.namespace" : "terminal.container";
        out.push({ id, label: t(key, { name: machineLabel(world, id) }) });
      }
    if (!out.some((o) => o.id === machine)) out.push({ id: machine, label: machineLabel(world, machine) });
    return out;
  }, [world, machine, t]);
  return (
    <label className="flex items-center gap-1">
      {t("terminal.machine")}
      <select
        className="rounded border border-slate-300 bg-transparent px-1 dark:border-slate-700 dark:bg-slate-900"
        value={machine}
        disabled={busy}
        onChange={(e) => void useAppStore.getState().attach(e.target.value)}
        data-testid="machine-switcher"
      >
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}
