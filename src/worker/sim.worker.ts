/** The web worker's entry: exposes the engine over comlink, nothing more. */
import { expose } from "comlink";
import { createEngine } from "./engine.ts";

expose(createEngine());
