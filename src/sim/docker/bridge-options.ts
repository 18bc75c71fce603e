/**
 * The bridge driver's options (`docker network create -o KEY=VALUE`), read as
 * libnetwork's bridge driver reads them (networkConfiguration.fromLabels): the
 * bridge's name, masquerading, inter-container communication, the host address
 * unaddressed `-p` bindings use, and the MTU. Values are parsed with Go's strconv
 * and net.ParseIP rules, and a bad one fails with the daemon's own words.
 */
import { parseIpv4 } from "../ipv4.ts";
import type { DockerNetwork } from "./types.ts";

export const BRIDGE_NAME = "com.docker.network.bridge.name";
export const ENABLE_IP_MASQUERADE = "com.docker.network.bridge.enable_ip_masquerade";
export const ENABLE_ICC = "com.docker.network.bridge.enable_icc";
export const HOST_BINDING_IPV4 = "com.docker.network.bridge.host_binding_ipv4";
export const DRIVER_MTU = "com.docker.network.driver.mtu";
export const INHIBIT_IPV4 = "com.docker.network.bridge.inhibit_ipv4";
/** 27 and later; 26's driver does not know these two and keeps them as any unknown key. */
export const GATEWAY_MODE_IPV4 = "com.docker.network.bridge.gateway_mode_ipv4";
export const TRUSTED_HOST_INTERFACES = "com.docker.network.bridge.trusted_host_interfaces";

/**
 * How the bridge's gateway reaches the outside: `nat` (masquerade, host ports, the raw
 * guard against direct routing), `nat-unprotected` (the same without any filter on
 * direct access), `routed` (no NAT at all: the container's own address is routed), and
 * `isolated` (no address on the host, internal networks only).
 */
export type GatewayMode = "nat" | "nat-unprotected" | "routed" | "isolated";
const GATEWAY_MODES: readonly GatewayMode[] = ["nat", "nat-unprotected", "routed", "isolated"];

export interface BridgeOptions {
  /** The Linux bridge's name, when the options name one (else `br-<first 12 of id>`). */
  readonly bridgeName?: string;
  readonly masquerade: boolean;
  readonly icc: boolean;
  /** The host address of a binding `-p` gives without one (0.0.0.0 means both families, as without the option). */
  readonly hostBindingIp: string;
  /** 0 means the kernel's default (1500). */
  readonly mtu: number;
  /** The bridge gets no IPv4 address on the host (the gateway lives elsewhere). */
  readonly inhibitIpv4: boolean;
  readonly gatewayMode: GatewayMode;
  /** Host interfaces whose packets may reach the containers' addresses directly (28's raw ACCEPT). */
  readonly trustedInterfaces: readonly string[];
}

export const DEFAULT_BRIDGE_OPTIONS: BridgeOptions = {
  masquerade: true,
  icc: true,
  hostBindingIp: "0.0.0.0",
  mtu: 0,
  inhibitIpv4: false,
  gatewayMode: "nat",
  trustedInterfaces: [],
};

/** Go's strconv.ParseBool. */
function parseBool(v: string): boolean | undefined {
  if (["1", "t", "T", "TRUE", "true", "True"].includes(v)) return true;
  if (["0", "f", "F", "FALSE", "false", "False"].includes(v)) return false;
  return undefined;
}

/** Go's strconv.Atoi: an optional sign and decimal digits, within 64 bits. */
function atoi(v: string): number | "syntax" | "range" {
  if (!/^[+-]?\d+$/.test(v)) return "syntax";
  const n = Number(v);
  return Math.abs(n) > 2 ** 63 - 1 ? "range" : n;
}

/** Go's net.ParseIP, for the forms a person types: dotted IPv4, or IPv6 with colons. */
export function isGoIp(v: string): boolean {
  if (parseIpv4(v) !== null) return true;
  if (!/^[0-9a-fA-F:.]+$/.test(v) || !v.includes(":")) return false;
  const parts = v.split("::");
  if (parts.length > 2) return false;
  const groups = parts.flatMap((p) => (p === "" ? [] : p.split(":")));
  if (groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return false;
  return parts.length === 2 ? groups.length < 8 : groups.length === 8;
}

function parseErr(key: string, value: string, why: string): string {
  return `failed to parse ${key} value: ${value} (${why})`;
}

export type OptionsResult =
  { readonly ok: true; readonly options: BridgeOptions } | { readonly ok: false; readonly error: string };

/**
 * The driver's reading of a network's options; unknown keys are kept but mean nothing to
 * it. `gatewayModes`: the engine's driver knows the gateway mode and trusted interfaces
 * (27 and later); without it they stay unread, as 26 leaves them.
 */
export function parseBridgeOptions(options: Readonly<Record<string, string>>, gatewayModes = false): OptionsResult {
  let o: BridgeOptions = DEFAULT_BRIDGE_OPTIONS;
  for (const [key, value] of Object.entries(options)) {
    if (key === BRIDGE_NAME) o = { ...o, bridgeName: value };
    else if (key === DRIVER_MTU) {
      const n = atoi(value);
      if (typeof n !== "number") {
        const why = n === "syntax" ? "invalid syntax" : "value out of range";
        return { ok: false, error: parseErr(key, value, `strconv.Atoi: parsing "${value}": ${why}`) };
      }
      o = { ...o, mtu: n };
    } else if (key === ENABLE_IP_MASQUERADE || key === ENABLE_ICC || key === INHIBIT_IPV4) {
      const b = parseBool(value);
      if (b === undefined)
        return { ok: false, error: parseErr(key, value, `strconv.ParseBool: parsing "${value}": invalid syntax`) };
      o =
        key === ENABLE_ICC
          ? { ...o, icc: b }
          : key === INHIBIT_IPV4
            ? { ...o, inhibitIpv4: b }
            : { ...o, masquerade: b };
    } else if (key === GATEWAY_MODE_IPV4 && gatewayModes) {
      const mode = GATEWAY_MODES.find((m) => m === value);
      if (mode === undefined) return { ok: false, error: parseErr(key, value, `unknown gateway mode ${value}`) };
      o = { ...o, gatewayMode: mode };
    } else if (key === TRUSTED_HOST_INTERFACES && gatewayModes) {
      o = { ...o, trustedInterfaces: value.split(":").filter((i) => i !== "") };
    } else if (key === HOST_BINDING_IPV4) {
      if (!isGoIp(value)) return { ok: false, error: parseErr(key, value, "nil ip") };
      o = { ...o, hostBindingIp: value };
    }
  }
  if (o.mtu < 0) return { ok: false, error: `invalid MTU number: ${o.mtu}` };
  return { ok: true, options: o };
}

/** What a created network's options mean to its engine (they were checked when it was made). */
export function bridgeOptionsOf(net: DockerNetwork, gatewayModes = false): BridgeOptions {
  const r = parseBridgeOptions(net.options, gatewayModes);
  return r.ok ? r.options : DEFAULT_BRIDGE_OPTIONS;
}

/** The MTU a network's links get: its option, or the kernel's 1500. */
export function mtuOf(net: DockerNetwork): number {
  const mtu = bridgeOptionsOf(net).mtu;
  return mtu > 0 ? mtu : 1500;
}
