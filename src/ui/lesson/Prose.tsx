/**
 * A lesson's sentence with its `code` spans set in the terminal's type. The text is only
 * ever rendered as text (React escapes it): lesson prose is data, never HTML.
 */
export function Prose({ text, className }: { readonly text: string; readonly className?: string }) {
  const parts = text.split("`");
  return (
    <span className={className}>
      {parts.map((p, i) =>
        i % 2 === 1 ? (
          <code key={i} className="font-term rounded bg-slate-100 px-0.5 text-[0.95em] dark:bg-slate-800">
            {p}
          </code>
        ) : (
          p
        ),
      )}
    </span>
  );
}
