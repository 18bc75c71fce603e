/**
 * A drop's cause (a code and parameters from the core) put into words a person can act on:
 * what stopped the packet and where to fix it. Pure.
 */
import type { TFunction } from "i18next";
import type { DropCause } from "../../sim/trace/events.ts";

type NameOf = (netns: string) => string;

export function explainCause(c: DropCause, nameOf: NameOf, t: TFunction<"trace">): string {
  const where = nameOf(c.netns);
  const rule = { index: c.ruleIndex ?? "?", table: c.table ?? "", chain: c.chain ?? "", hook: c.hook ?? "", where };
  switch (c.code) {
    case "rule-drop":
      return t("cause.rule-drop", { ...rule, rule: c.ruleText ?? "" });
    case "rule-reject":
      return t("cause.rule-reject", { ...rule, rule: c.ruleText ?? "" });
    case "policy-drop":
      return t("cause.policy-drop", { table: c.table ?? "", chain: c.chain ?? "", where });
    case "ip-forward-off":
      return t("cause.ip-forward-off", { where, addr: c.addr ?? "", iface: c.iface ?? "" });
    case "no-route":
      return t("cause.no-route", { where, addr: c.addr ?? "" });
    case "no-route-back":
      return c.fixAt
        ? t("cause.no-route-back", { where, addr: c.addr ?? "", fixWhere: nameOf(c.fixAt.netns) })
        : t("cause.no-route", { where, addr: c.addr ?? "" });
    case "no-listener":
      return c.proto === "icmp"
        ? t("cause.no-listener-icmp", { where })
        : t("cause.no-listener", { where, proto: c.proto ?? "", addr: c.addr ?? "", port: c.port ?? "" });
    case "martian":
      return t("cause.martian", { where, iface: c.iface ?? "", addr: c.addr ?? "" });
    case "loopback-source":
      return t("cause.loopback-source", { where, iface: c.iface ?? "", addr: c.addr ?? "" });
    case "link-down":
      return t("cause.link-down", { where, iface: c.iface ?? "" });
    case "ttl-exceeded":
      return t("cause.ttl-exceeded", { where });
    case "echo-ignored":
      return t("cause.echo-ignored", { where });
    case "discarded":
      return t("cause.discarded", { where });
    case "too-many-packets":
      return t("cause.too-many-packets");
  }
}
