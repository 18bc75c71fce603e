import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { useAppStore, type SessionState } from "../../store/index.ts";

/** Asked when a link is opened in a tab that already runs a session: nothing is replaced unasked. */
export function ReplaceDialog({
  link,
  onOpen,
  onKeep,
}: {
  readonly link: SessionState;
  readonly onOpen: () => void;
  readonly onKeep: () => void;
}) {
  const { t } = useTranslation("session");
  const current = useAppStore((s) => s.log.done.length);
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  return (
    <dialog
      ref={dialog}
      aria-labelledby="replace-title"
      aria-describedby="replace-body"
      className="m-auto max-w-md rounded-lg border border-slate-300 bg-white p-4 text-slate-900 backdrop:bg-slate-950/50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
      onCancel={(e) => {
        e.preventDefault();
        onKeep();
      }}
    >
      <h2 id="replace-title" className="text-base font-semibold">
        {t("replace.title")}
      </h2>
      <p id="replace-body" className="mt-2 text-sm">
        {t("replace.body", { count: link.entries.length, current })}
      </p>
      <div className="mt-4 flex justify-end gap-2">
        <button
          type="button"
          className="rounded border border-slate-300 px-2 py-1 text-sm dark:border-slate-700"
          onClick={onKeep}
        >
          {t("replace.keep")}
        </button>
        <button
          type="button"
          className="rounded bg-sky-700 px-2 py-1 text-sm text-white dark:bg-sky-800"
          onClick={onOpen}
          autoFocus
        >
          {t("replace.open")}
        </button>
      </div>
    </dialog>
  );
}
