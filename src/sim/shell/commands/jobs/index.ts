/** bash's job control builtins: jobs, kill, fg, bg, wait. */
import { FREE, flag, valued, words, type CommandModule } from "../../spec.ts";
import { bg, fg, jobs, kill, wait } from "./jobs.ts";

const JOBSPEC = words("%1", "%2", "%+", "%-");

export const JOB_BUILTINS: readonly CommandModule[] = [
  { spec: { name: "jobs", summary: "Display status of jobs.", options: [flag("-l"), flag("-p")] }, run: jobs },
  {
    spec: {
      name: "kill",
      summary: "Send a signal to a job.",
      options: [valued("-s", words("TERM", "INT", "KILL")), flag("-l"), flag("-9"), flag("-INT"), flag("-TERM")],
      args: [JOBSPEC, FREE],
    },
    run: kill,
  },
  { spec: { name: "fg", summary: "Move job to the foreground.", args: [JOBSPEC] }, run: fg },
  { spec: { name: "bg", summary: "Move jobs to the background.", args: [JOBSPEC] }, run: bg },
  { spec: { name: "wait", summary: "Wait for job completion and return exit status.", args: [JOBSPEC] }, run: wait },
];
