import { useRef, useState, type DragEvent } from "react";
import { importScenarioFile } from "./scenario-io.ts";

const hasFiles = (e: DragEvent) => [...e.dataTransfer.types].includes("Files");

/** A scenario file dropped anywhere on the page is imported (the same checks as the picker's). */
export function useDropImport() {
  const [dragging, setDragging] = useState(false);
  const depth = useRef(0);
  return {
    dragging,
    handlers: {
      onDragEnter(e: DragEvent) {
        if (!hasFiles(e)) return;
        depth.current++;
        setDragging(true);
      },
      onDragLeave(e: DragEvent) {
        if (!hasFiles(e)) return;
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setDragging(false);
      },
      onDragOver(e: DragEvent) {
        if (!hasFiles(e)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = "copy";
      },
      onDrop(e: DragEvent) {
        if (!hasFiles(e)) return;
        e.preventDefault();
        depth.current = 0;
        setDragging(false);
        const file = e.dataTransfer.files[0];
        if (file) void importScenarioFile(file);
      },
    },
  };
}
