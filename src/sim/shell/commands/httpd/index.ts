/** busybox `httpd`: serve a directory over HTTP. */
import { type CommandModule, flag, valued } from "../../spec.ts";
import { httpd } from "./httpd.ts";

export const COMMAND: CommandModule = {
  spec: {
    name: "httpd",
    summary: "Listen for incoming HTTP requests",
    options: [flag("-f"), flag("-v"), valued("-p"), valued("-h")],
  },
  run: httpd,
};
