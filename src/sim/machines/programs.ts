/**
 * How the lab's programs open their listening sockets, as `ss` shows them: the
 * backlog each asks listen() for (Send-Q of a listener) and the descriptor it gets
 * (`ss -p`'s fd), by process name.
 */
export interface SocketTraits {
  readonly backlog: number;
  readonly fd: number;
}

const TRAITS: Readonly<Record<string, SocketTraits>> = {
  // Go's net.Listen asks for somaxconn.
  "docker-proxy": { backlog: 4096, fd: 4 },
  // nginx's default `listen` backlog on Linux.
  nginx: { backlog: 511, fd: 6 },
  // Python's socketserver request_queue_size.
  python3: { backlog: 5, fd: 3 },
};

const DEFAULT: SocketTraits = { backlog: 4096, fd: 3 };

export function socketTraitsOf(process: string): SocketTraits {
  return Object.hasOwn(TRAITS, process) ? TRAITS[process]! : DEFAULT;
}
