/** `--format`, as most docker commands take it, and as `-f, --format` where `-f` is not `--filter`. */
import { FREE, valued } from "../../spec.ts";

export const FORMAT = valued("--format", FREE, "Format output using a custom template");
export const FORMAT_F = valued(["-f", "--format"], FREE, "Format output using a custom template");
