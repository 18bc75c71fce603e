import type { ReactNode } from "react";

interface PanelProps {
  readonly id: string;
  readonly title: string;
  readonly className?: string;
  /** Controls at the right of the title bar (they must not make it taller on a wide screen). */
  readonly actions?: ReactNode;
  readonly children: ReactNode;
}

/** A labelled region of the page: screen readers list it as a landmark by its title. */
export function Panel({ id, title, className = "", actions, children }: PanelProps) {
  const heading = (
    <h2
      id={`${id}-title`}
      className={`${actions ? "" : "border-b border-slate-200 px-3 py-1.5 dark:border-slate-800 "}text-sm font-semibold text-slate-700 dark:text-slate-300`}
    >
      {title}
    </h2>
  );
  return (
    <section
      id={`${id}-panel`}
      aria-labelledby={`${id}-title`}
      className={`flex min-h-0 flex-col overflow-hidden rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900 ${className}`}
    >
      {actions ? (
        <div className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-slate-200 px-3 py-1.5 dark:border-slate-800">
          {heading}
          {actions}
        </div>
      ) : (
        heading
      )}
      <div className="min-h-0 flex-1">{children}</div>
    </section>
  );
}
