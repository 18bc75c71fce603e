import { useTranslation } from "react-i18next";
import { useAppStore } from "../../store/index.ts";

/** Chips that compose a command by tapping: the article's steps, for a phone without a keyboard. */
const HOST_CHIPS = [
  "docker run -d -p 2024:80 --name mynginxs nginx",
  "docker ps",
  "iptables -t nat -nL",
  "ip route",
  "docker exec -it mynginxs bash",
  "conntrack -L",
  "undo",
];
const CONTAINER_CHIPS = ["curl baidu.com", "ip addr", "ip route", "cat /etc/resolv.conf", "exit"];
const INTERNET_CHIPS = ["curl http://10.88.0.4:2024/", "ip addr", "ip route"];

export function Suggestions({ onPick }: { readonly onPick: (text: string) => void }) {
  const { t } = useTranslation("session");
  const machine = useAppStore((s) => s.session.machine);
  const chips = machine === "host" ? HOST_CHIPS : machine === "internet" ? INTERNET_CHIPS : CONTAINER_CHIPS;
  return (
    <div
      className="flex gap-1 overflow-x-auto border-t border-slate-200 px-2 py-1 dark:border-slate-800"
      aria-label={t("terminal.suggestions")}
      role="group"
    >
      {chips.map((c) => (
        <button
          key={c}
          type="button"
          className="font-term shrink-0 rounded-full border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
          onClick={() => onPick(c)}
        >
          {c}
        </button>
      ))}
    </div>
  );
}
