/** One topic of bash's help: `help -d` prints `name - short`, `help -s` `name: synopsis`, `help` that line and the body. */
export interface HelpTopic {
  readonly name: string;
  readonly short: string;
  readonly synopsis: string;
  /** The long text under the synopsis line, as bash prints it (each line four spaces in). */
  readonly body: string;
}
