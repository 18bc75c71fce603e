/** `ip` (iproute2 6.1, or busybox's where the machine has that): address, link, route, neigh, netns, rule. */
import { flag, valued, words, type CommandModule, type CommandSpec } from "../../spec.ts";
import { ip } from "./ip.ts";

const DEV = valued("dev", words("eth0", "docker0", "lo"));

const SPEC: CommandSpec = {
  name: "ip",
  summary: "show / manipulate routing, network devices, interfaces and tunnels",
  options: [flag("-4"), flag("-6"), flag(["-br", "-brief"]), flag(["-d", "-details"]), flag(["-s", "-statistics"]), flag(["-V", "-Version"])],
  subcommands: [
    { name: "address", aliases: ["addr", "a"], summary: "protocol (IP or IPv6) address on a device", subcommands: [
      { name: "show", summary: "look at protocol addresses", options: [DEV] },
      { name: "add", summary: "add a new protocol address", options: [DEV] },
      { name: "del", summary: "delete a protocol address", options: [DEV] },
    ] },
    { name: "link", aliases: ["l"], summary: "network device", subcommands: [
      { name: "show", summary: "display device attributes", options: [DEV] },
      { name: "set", summary: "change device attributes", options: [DEV], args: [words("up", "down")] },
    ] },
    { name: "route", aliases: ["r"], summary: "routing table entry", subcommands: [
      { name: "show", summary: "list routes", options: [DEV] },
      { name: "get", summary: "get a single route", args: [words("203.0.113.10", "172.17.0.2", "10.88.0.1")] },
      { name: "add", summary: "add a new route", options: [valued("via"), DEV] },
      { name: "del", summary: "delete a route", options: [valued("via"), DEV] },
      { name: "change", summary: "change a route", options: [valued("via"), DEV] },
    ] },
    { name: "neigh", aliases: ["neighbour", "neighbor", "n"], summary: "neighbour (ARP) table entry", subcommands: [
      { name: "show", summary: "list neighbour entries", options: [DEV] },
      { name: "flush", summary: "flush neighbour entries", options: [DEV] },
      { name: "add", summary: "add a new neighbour entry", options: [valued("lladdr"), DEV] },
      { name: "del", summary: "delete a neighbour entry", options: [DEV] },
    ] },
    { name: "netns", summary: "manage network namespaces", subcommands: [{ name: "list", summary: "show all named network namespaces" }] },
    { name: "rule", summary: "routing policy database management", subcommands: [{ name: "show", summary: "list rules" }] },
  ],
}; // prettier-ignore

export const COMMAND: CommandModule = { spec: SPEC, run: ip };
