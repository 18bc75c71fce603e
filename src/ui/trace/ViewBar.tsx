import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  EVENT_KINDS,
  NO_FILTERS,
  PROTOCOLS,
  hasFilters,
  jumpTarget,
  protocolOf,
  selectCurrentStep,
  selectSteps,
  selectView,
  useAppStore,
  type JumpKind,
  type TraceFilters,
} from "../../store/index.ts";
import { traceBtn } from "./Transport.tsx";
import { useNameOf } from "./use-timeline.ts";

function toggle<T>(list: readonly T[], v: T): T[] {
  return list.includes(v) ? list.filter((x) => x !== v) : [...list, v];
}

const chip =
  "inline-flex items-center gap-1 rounded border border-slate-300 px-1.5 py-0.5 text-sm max-lg:min-h-11 dark:border-slate-700";

/** Filters in the manner of Packet Tracer's event list: by packet, protocol, machine and kind of event. */
function FilterPanel() {
  const { t } = useTranslation("trace");
  const nameOf = useNameOf();
  const steps = useAppStore(selectSteps);
  const filters = useAppStore((s) => s.filters);
  const set = (f: Partial<TraceFilters>) => useAppStore.getState().setFilters({ ...filters, ...f });
  const { packets, machines, protocols } = useMemo(() => {
    const packets: { id: number; label: string }[] = [];
    const machines = new Set<string>();
    const protocols = new Set<string>();
    for (const e of steps) {
      if (e.type === "packet") {
        packets.push({ id: e.packetId, label: `#${e.packetId} ${e.label}` });
        protocols.add(protocolOf(e));
      }
      if (e.type === "hop") {
        machines.add(e.fromNetns);
        machines.add(e.toNetns);
      } else machines.add(e.netns);
    }
    return { packets, machines: [...machines], protocols };
  }, [steps]);
  return (
    <fieldset
      className="flex flex-col gap-1 rounded border border-slate-300 p-2 dark:border-slate-700"
      data-testid="filters"
    >
      <legend className="px-1 font-semibold">{t("filters.title")}</legend>
      <label className="flex flex-wrap items-center gap-1">
        {t("filters.packets")}
        <select
          className="rounded border border-slate-300 bg-transparent text-sm max-lg:min-h-11 dark:border-slate-700 dark:bg-slate-900"
          value={filters.packets[0] ?? ""}
          onChange={(e) => set({ packets: e.target.value === "" ? [] : [Number(e.target.value)] })}
        >
          <option value="">{t("filters.allPackets")}</option>
          {packets.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
      </label>
      {(
        [
          ["protocols", PROTOCOLS.filter((p) => protocols.has(p)), (v: string) => v] as const,
          ["machines", machines, nameOf] as const,
          ["kinds", EVENT_KINDS, (v: string) => t(`filters.kind.${v as (typeof EVENT_KINDS)[number]}`)] as const,
        ] as const
      ).map(([key, values, name]) => (
        <div key={key} className="flex flex-wrap items-center gap-1" role="group" aria-label={t(`filters.${key}`)}>
          <span>{t(`filters.${key}`)}:</span>
          {values.map((v) => (
            <label key={v} className={chip}>
              <input
                type="checkbox"
                checked={(filters[key] as readonly string[]).includes(v)}
                onChange={() => set({ [key]: toggle(filters[key] as readonly string[], v) })}
              />
              {name(v)}
            </label>
          ))}
        </div>
      ))}
      <div>
        <button type="button" className={traceBtn} onClick={() => useAppStore.getState().setFilters(NO_FILTERS)}>
          {t("filters.showAll")}
        </button>
      </div>
    </fieldset>
  );
}

/** Key moments or every step; jumps to the next NAT, drop or packet; the filters. */
export function ViewBar() {
  const { t } = useTranslation("trace");
  const mode = useAppStore((s) => s.view);
  const filters = useAppStore((s) => s.filters);
  const [open, setOpen] = useState(false);
  const steps = useAppStore(selectSteps);
  const view = useAppStore(selectView);
  const current = useAppStore(selectCurrentStep);
  const { setView, jump } = useAppStore.getState();
  const count = filters.packets.length + filters.protocols.length + filters.machines.length + filters.kinds.length;
  const jumpBtn = (kind: JumpKind, dir: 1 | -1, label: string) => (
    <button
      type="button"
      className={traceBtn}
      onClick={() => jump(kind, dir)}
      disabled={jumpTarget(steps, view, current, kind, dir) === null}
    >
      {label}
    </button>
  );
  return (
    <>
      <div className="flex flex-wrap items-center gap-1">
        <div className="flex" role="group" aria-label={t("view.label")} title={t("view.keyHint")}>
          {(["key", "all"] as const).map((m) => (
            <button
              key={m}
              type="button"
              aria-pressed={mode === m}
              className={`${traceBtn} ${mode === m ? "bg-slate-800 text-white hover:bg-slate-700 dark:bg-slate-200 dark:text-slate-900 dark:hover:bg-slate-300" : ""}`}
              onClick={() => setView(m)}
            >
              {m === "key" ? t("view.key") : t("view.all")}
            </button>
          ))}
        </div>
        <div className="flex flex-wrap gap-1" role="group" aria-label={t("jumps")}>
          {jumpBtn("packet", -1, t("prevPacket"))}
          {jumpBtn("packet", 1, t("nextPacket"))}
          {jumpBtn("nat", 1, t("nextNat"))}
          {jumpBtn("drop", 1, t("nextDrop"))}
        </div>
        <button type="button" className={traceBtn} aria-expanded={open} onClick={() => setOpen(!open)}>
          {hasFilters(filters) ? t("filters.buttonOn", { count }) : t("filters.button")}
        </button>
      </div>
      {open ? <FilterPanel /> : null}
    </>
  );
}
