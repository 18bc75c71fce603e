/**
 * The specs of the commands in more.ts (events, update, the image tools, build, attach
 * and the registry commands), for Tab completion and the spec-driven tests, in CLI 26.1's words.
 */
import { CONTAINERS, flag, FREE, IMAGES, valued, words, type CommandSpec } from "../../spec.ts";
import { FORMAT } from "./spec-format.ts";

const EVENT_FILTERS = words("type=container", "type=network", "type=image", "event=start", "event=die", "container=");

export const EVENTS: CommandSpec = {
  name: "events",
  summary: "Get real time events from the server",
  options: [
    valued(["-f", "--filter"], EVENT_FILTERS, "Filter output based on conditions provided"),
    FORMAT,
    valued("--since", words("1m", "10m", "1h"), "Show all events created since timestamp"),
    valued("--until", words("0s", "1s"), "Stream events until this timestamp"),
  ],
};

export const IMAGE_PRUNE: CommandSpec = {
  name: "prune",
  summary: "Remove unused images",
  options: [
    flag(["-a", "--all"]),
    valued("--filter", words("until=", "label=", "label!=", "dangling=false")),
    flag(["-f", "--force"]),
  ],
};

const IMAGE_TOOLS: readonly CommandSpec[] = [
  { name: "tag", summary: "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE", args: [IMAGES, FREE] },
  {
    name: "history",
    summary: "Show the history of an image",
    options: [flag(["-H", "--human"]), flag("--no-trunc"), flag(["-q", "--quiet"]), FORMAT],
    args: [IMAGES],
  },
  {
    name: "save",
    summary: "Save one or more images to a tar archive (streamed to STDOUT by default)",
    options: [valued(["-o", "--output"], FREE, "Write to a file, instead of STDOUT")],
    args: [IMAGES],
  },
  {
    name: "load",
    summary: "Load an image from a tar archive or STDIN",
    options: [valued(["-i", "--input"], FREE, "Read from tar archive file, instead of STDIN"), flag(["-q", "--quiet"])],
  },
  {
    name: "build",
    summary: "Build an image from a Dockerfile",
    options: [
      valued(["-t", "--tag"], FREE, 'Name and optionally a tag in the "name:tag" format'),
      valued(["-f", "--file"], FREE, 'Name of the Dockerfile (Default is "PATH/Dockerfile")'),
      flag(["-q", "--quiet"]),
      flag("--no-cache"),
    ],
    args: [words(".")],
  },
  { name: "push", summary: "Upload an image to a registry", args: [IMAGES] },
];

export const MORE_SPECS: readonly CommandSpec[] = [
  EVENTS,
  {
    name: "update",
    summary: "Update configuration of one or more containers",
    options: [
      valued("--restart", words("no", "always", "unless-stopped", "on-failure"), "Restart policy to apply"),
      valued(["-m", "--memory"], FREE, "Memory limit"),
      valued("--memory-swap", FREE),
      valued("--cpus", FREE, "Number of CPUs"),
    ],
    args: [CONTAINERS],
  },
  { name: "attach", summary: "Attach local standard input, output, and error streams to a running container", args: [CONTAINERS] }, // prettier-ignore
  { name: "diff", summary: "Inspect changes to files or directories on a container's filesystem", args: [CONTAINERS] },
  { name: "commit", summary: "Create a new image from a container's changes", args: [CONTAINERS, FREE] },
  {
    name: "export",
    summary: "Export a container's filesystem as a tar archive",
    options: [valued(["-o", "--output"], FREE, "Write to a file, instead of STDOUT")],
    args: [CONTAINERS],
  },
  ...IMAGE_TOOLS,
  {
    name: "login",
    summary: "Log in to a registry",
    options: [valued(["-u", "--username"], FREE), valued(["-p", "--password"], FREE), flag("--password-stdin")],
  },
  { name: "logout", summary: "Log out from a registry", args: [FREE] },
  { name: "search", summary: "Search Docker Hub for images", options: [valued("--limit", FREE), FORMAT], args: [FREE] },
];

/** `docker image build|history|tag|save|load|push`. */
export const IMAGE_GROUP_SPECS: readonly CommandSpec[] = [...IMAGE_TOOLS, IMAGE_PRUNE];
