import type { ReactNode } from "react";

interface PanelProps {
  readonly id: string;
  readonly title: string;
  readonly className?: string;
  readonly children: ReactNode;
  /** Controls of the panel as a whole, at the right of its title (they must not make it taller on a wide screen). */
  readonly actions?: ReactNode;
  /** Hidden by the presenter: kept mounted (the terminal keeps its half-typed line), not shown. */
  readonly hidden?: boolean;
}

/** A labelled region of the page: screen readers list it as a landmark by its title. */
export function Panel({ id, title, className = "", children, actions, hidden = false }: PanelProps) {
  return (
    <section
      id={`${id}-panel`}
      aria-labelledby={`${id}-title`}
      hidden={hidden}
      className={`flex min-h-0 flex-col overflow-hidden rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900 ${className}`}
    >
      <div className="flex flex-wrap items-center gap-2 border-b border-slate-200 px-3 py-1 dark:border-slate-800">
        <h2 id={`${id}-title`} className="py-0.5 text-sm font-semibold text-slate-700 dark:text-slate-300">
          {title}
        </h2>
        {actions ? <div className="ml-auto flex flex-wrap gap-2">{actions}</div> : null}
      </div>
      <div className="min-h-0 flex-1">{children}</div>
    </section>
  );
}
