/**
 * The lab's own words on the graph's nodes (what a node is, its port count), apart from
 * what Linux names (interfaces, addresses, routes), which stay as the tools print them.
 * Pure: toFlowElements takes them, English by default, and sizes each node by the words
 * of the language shown.
 */
import type { TFunction } from "i18next";

export interface NodeWords {
  readonly internet: string;
  readonly host: string;
  readonly container: (id: string, image: string | undefined) => string;
  /** A namespace made with `ip netns add`: no container, no image. */
  readonly namespace: string;
  /** `bridge` or `network NAME`, its port count, and whether it is down. */
  readonly bridge: (network: string | null, ports: number, down: boolean) => string;
  readonly noAddress: string;
  readonly dnsServer: string;
  readonly web: (site: string) => string;
}

export const ENGLISH_WORDS: NodeWords = {
  internet: "outside client, baidu.com, DNS",
  host: "Docker host",
  container: (id, image) => `container ${id}${image ? ` (${image})` : ""}`,
  namespace: "network namespace",
  bridge: (network, ports, down) =>
    `${network ? `network ${network}` : "bridge"}, ${ports} port${ports === 1 ? "" : "s"}${down ? ", DOWN" : ""}`,
  noAddress: "(no address)",
  dnsServer: "DNS server",
  web: (site) => `${site} web`,
};

/** The words in the language `t` speaks (the topology namespace's translate function). */
export function wordsFrom(t: TFunction<"topology">): NodeWords {
  return {
    internet: t("node.internet"),
    host: t("node.host"),
    container: (id, image) => (image ? t("node.containerImage", { id, image }) : t("node.container", { id })),
    namespace: t("node.namespace"),
    bridge: (network, ports, down) =>
      [
        network ? t("node.network", { name: network }) : t("node.bridge"),
        t(ports === 1 ? "node.port" : "node.ports", { count: ports }),
        ...(down ? ["DOWN"] : []),
      ].join(t("node.sep")),
    noAddress: t("node.noAddress"),
    dnsServer: t("node.dnsServer"),
    web: (site) => t("node.web", { site }),
  };
}
