/** Docker 28.5.2's texts, as the oracle's Debian build (28.5.2+dfsg4, from unstable) prints them. */
import { engineTexts } from "./texts.ts";

export const TEXTS_28 = engineTexts({
  version: "28.5.2+dfsg4",
  api: "1.51",
  go: "go1.27.1",
  cliCommit: "9cc6dea35e9a963f281434761c656fba4ac43aed",
  engineCommit: "3ef3c07c883be49a2e8097bcf6d2952fce1d70eb",
  built: "Tue Sep 15 11:02:57 2026",
  builtIso: "2026-09-15T11:02:57.000000000+00:00",
  // Debian's unstable build links containerd 2 without a commit, so `docker info` prints an empty version.
  containerd: { version: "2.1.9+unknown", commit: "" },
  logPlugins: "awslogs fluentd gelf journald json-file local splunk syslog",
  cdiDirs: ["/etc/cdi", "/var/run/cdi"],
  insecureRegistries: ["::1/128", "127.0.0.0/8"],
  bridgeNfIptables: false,
  firewallBackend: "iptables",
  id: "344527d4-0799-41f3-bf2c-f4c1571ff12b",
});
