/** `curl`: transfer a URL. */
import { type CommandModule, flag, valued, words } from "../../spec.ts";
import { curl } from "./curl.ts";

export const COMMAND: CommandModule = {
  spec: {
    name: "curl",
    summary: "transfer a URL",
    options: [
      flag(["-s", "--silent"]),
      flag(["-v", "--verbose"]),
      flag(["-I", "--head"]),
      flag(["-i", "--include"]),
      flag(["-S", "--show-error"]),
      flag(["-f", "--fail"]),
      flag(["-L", "--location"]),
      valued(["-m", "--max-time"]),
      valued("--connect-timeout"),
      valued(["-o", "--output"]),
      valued(["-D", "--dump-header"]),
      valued(["-A", "--user-agent"]),
      valued(["-H", "--header"]),
      valued(["-X", "--request"]),
      valued(["-w", "--write-out"]),
      valued(["-d", "--data"]),
      valued("--resolve"),
      valued("--interface"),
    ],
    args: [words("baidu.com", "http://baidu.com/", "localhost:2024")],
  },
  run: curl,
};
