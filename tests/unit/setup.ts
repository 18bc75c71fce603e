import { freezeStartWorlds } from "../../src/sim/world.ts";

freezeStartWorlds(true);
