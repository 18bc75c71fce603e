/**
 * The rules both engines write for one published binding, alike in 26.1 and 28.5: the
 * DOCKER chain's DNAT, the filter ACCEPT towards the container, and the MASQUERADE of a
 * container reaching itself through its own published port (hairpin).
 */
import type { PortBinding } from "../types.ts";
import type { IptablesCall } from "./profile-firewall.ts";

export function dnatCall(bridge: string, containerIp: string, b: PortBinding, hairpin: boolean): IptablesCall {
  const p = b.proto;
  const dst = b.hostIp === "0.0.0.0" ? [] : ["-d", `${b.hostIp}/32`];
  const notIn = hairpin ? [] : ["!", "-i", bridge];
  return ["-t", "nat", "-A", "DOCKER", ...dst, ...notIn, "-p", p, "-m", p, "--dport", String(b.hostPort), "-j", "DNAT", "--to-destination", `${containerIp}:${b.containerPort}`]; // prettier-ignore
}

/** The filter DOCKER chain's ACCEPT for the port: 26 appends it (`-A`), 28 puts it on top (`-I`). */
export function acceptCall(bridge: string, containerIp: string, b: PortBinding, op: "-A" | "-I"): IptablesCall {
  const p = b.proto;
  return ["-t", "filter", op, "DOCKER", "-d", `${containerIp}/32`, "!", "-i", bridge, "-o", bridge, "-p", p, "-m", p, "--dport", String(b.containerPort), "-j", "ACCEPT"]; // prettier-ignore
}

export function hairpinMasqueradeCall(containerIp: string, b: PortBinding): IptablesCall {
  const p = b.proto;
  return ["-t", "nat", "-A", "POSTROUTING", "-s", `${containerIp}/32`, "-d", `${containerIp}/32`, "-p", p, "-m", p, "--dport", String(b.containerPort), "-j", "MASQUERADE"]; // prettier-ignore
}
