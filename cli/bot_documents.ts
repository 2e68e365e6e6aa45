import type { AppDeps } from "../routes/env.ts";

/** `chatwire import <file>` and `chatwire export <botId>`. */
export function runDocumentCommand(
  _deps: AppDeps,
  command: string,
  _args: string[],
  _options: { secrets: boolean },
): Promise<number> {
  return Promise.reject(new Error(`The ${command} command is not available yet`));
}
