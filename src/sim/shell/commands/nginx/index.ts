/** `nginx`: the web server's own command line, in the nginx image. */
import { type CommandModule, flag, valued, words } from "../../spec.ts";
import { nginx } from "./nginx.ts";

export const COMMAND: CommandModule = {
  spec: {
    name: "nginx",
    summary: "small, powerful, scalable web/proxy server",
    options: [
      flag(["-h", "-?"]),
      flag("-v"),
      flag("-V"),
      flag("-t"),
      flag("-T"),
      flag("-q"),
      valued("-s", words("stop", "quit", "reopen", "reload")),
      valued("-c"),
      valued("-g"),
      valued("-p"),
      valued("-e"),
    ],
  },
  run: nginx,
};
