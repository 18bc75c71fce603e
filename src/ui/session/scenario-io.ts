import { decodeScenarioBytes, useAppStore } from "../../store/index.ts";

/** The largest file read at all; the store's checks refuse anything past its own limits. */
const MAX_FILE_BYTES = 1_000_000;

/** Saves the session as a scenario file (downloaded as text, never opened). */
export function exportScenario(): void {
  const text = useAppStore.getState().exportScenario();
  const url = URL.createObjectURL(new Blob([text], { type: "text/plain;charset=utf-8" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = "docker-network-lab.sh";
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Reads a chosen or dropped file with the same checks as a link, and replays it. */
export async function importScenarioFile(file: File): Promise<void> {
  const s = useAppStore.getState();
  if (file.size > MAX_FILE_BYTES) return s.notify("file-too-long", { name: file.name }, "error");
  const read = decodeScenarioBytes(new Uint8Array(await file.arrayBuffer()));
  if (!read.ok) return s.notify(`file-${read.problem}`, { name: file.name }, "error");
  await s.importScenario(read.text, file.name);
}
