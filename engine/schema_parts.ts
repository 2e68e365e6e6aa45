/** Small valibot pieces the entity schemas share. */
import * as v from "valibot";

/** A text that must not be empty, with a message naming it. */
export function nonEmpty(what: string) {
  return v.pipe(v.string(), v.minLength(1, `${what} must not be empty`));
}

/** A text checked by a function that names its problem (null: none); the problem is the message. */
export function checked(problem: (s: string) => string | null) {
  return v.pipe(v.string(), v.check((s) => problem(s) === null, (i) => problem(String(i.input)) ?? ""));
}

/** A node's id. */
export const NodeIdSchema = nonEmpty("A node id");

/** A link to another node (checked against the flow's ids by the flow check). */
export const TargetSchema = v.string();
