/** How long the daemon's steps take on the lab's clock, as the oracle's engine took them. */
/** How long creating a container takes on the lab's clock, after its creation time is stamped. */
export const CREATE_MS = 700;

/** How long a container's start takes on the lab's clock (the oracle's engine: 0.2-0.5 s). */
export const START_MS = 300;
