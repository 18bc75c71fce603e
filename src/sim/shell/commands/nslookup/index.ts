/** busybox `nslookup`: query DNS about a host. */
import { type CommandModule, flag, words } from "../../spec.ts";
import { nslookup } from "./nslookup.ts";

export const COMMAND: CommandModule = {
  spec: {
    name: "nslookup",
    summary: "Query DNS about HOST",
    options: [flag("-type=a"), flag("-type=aaaa"), flag("-debug")],
    args: [words("baidu.com", "example.com"), words("203.0.113.53")],
  },
  run: nslookup,
};
