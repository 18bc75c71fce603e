/**
 * A goal's check (types.ts Check) against the world after a command and that command's
 * trace. A trace check also says which step proved it, so the lesson can point at it.
 */
import { logLine } from "../sim/docker/log-lines.ts";
import { readSysctl } from "../sim/kernel/sysctl.ts";
import { formatRuleSpec } from "../sim/netfilter/rule-format.ts";
import type { Rule } from "../sim/netfilter/types.ts";
import type { TraceEvent } from "../sim/trace/events.ts";
import type { World } from "../sim/world.ts";
import { findMoment } from "./moments.ts";
import { addressIs } from "./roles.ts";
import { readTrace } from "./trace-read.ts";
import type { Check, RulePattern } from "./types.ts";

export interface CheckResult {
  readonly met: boolean;
  /** For a trace check that holds: the full-timeline step that shows it. */
  readonly step?: number;
}

const NO: CheckResult = { met: false };
const YES: CheckResult = { met: true };

function running(world: World) {
  return world.docker.containers.filter((c) => c.status === "running");
}

function hasRule(world: World, p: RulePattern): boolean {
  const chain = world.netns.host?.netfilter[p.table].chains.find((c) => c.name === p.chain);
  return (
    chain?.rules.some(
      (r) =>
        r.target?.kind === p.target &&
        (p.spec === undefined || formatRuleSpec(r) === p.spec) &&
        (p.dport === undefined || hasDport(r, p.dport)),
    ) ?? false
  );
}

function hasDport(r: Rule, port: number): boolean {
  return r.matches.some(
    (m) =>
      m.module === "tcp" &&
      m.dport !== undefined &&
      !m.dport.negated &&
      m.dport.value.from === port &&
      m.dport.value.to === port,
  );
}

/** The client address of the last request nginx logged, in any container (its access log's first field). */
function lastNginxClients(world: World): string[] {
  const out: string[] = [];
  for (const c of world.docker.containers) {
    if (c.image !== "nginx" || !Object.hasOwn(world.logs, c.id)) continue;
    const lines = world.logs[c.id]!;
    for (let i = lines.length - 1; i >= 0; i--) {
      const m = /^(\d+\.\d+\.\d+\.\d+) - /.exec(logLine(lines[i]!).text);
      if (m) {
        out.push(m[1]!);
        break;
      }
    }
  }
  return out;
}

export function evaluateCheck(check: Check, world: World, events: readonly TraceEvent[]): CheckResult {
  switch (check.kind) {
    case "publishes":
      return running(world).some((c) =>
        c.ports.some(
          (p) =>
            p.proto === "tcp" &&
            p.containerPort === check.containerPort &&
            (check.hostPort === undefined || p.hostPort === check.hostPort) &&
            (check.hostIp === undefined || p.hostIp === check.hostIp),
        ),
      )
        ? YES
        : NO;
    case "containers-on": {
      const nets = world.docker.networks.filter(
        (n) => n.driver === "bridge" && n.isDefault === (check.network === "default"),
      );
      const live = running(world);
      return nets.some((n) => live.filter((c) => c.networks.includes(n.id)).length >= check.count) ? YES : NO;
    }
    case "sysctl": {
      const host = world.netns.host;
      return host && readSysctl(host, check.key) === check.value ? YES : NO;
    }
    case "rule":
      return hasRule(world, check.rule) === check.present ? YES : NO;
    case "nginx-logged":
      return lastNginxClients(world).some((a) => addressIs(world, a, check.client)) ? YES : NO;
    case "trace": {
      const step = findMoment(world, check.moment, readTrace(events));
      return step < 0 ? NO : { met: true, step };
    }
    case "all": {
      let step: number | undefined;
      for (const part of check.checks) {
        const r = evaluateCheck(part, world, events);
        if (!r.met) return NO;
        step ??= r.step;
      }
      return step === undefined ? YES : { met: true, step };
    }
  }
}
