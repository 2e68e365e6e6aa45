/** The rules node checks share: WhatsApp's limits and who may read or write an attribute. */
import { SYSTEM_ATTRIBUTES } from "./shared.ts";

/** WhatsApp's limits (DESIGN §6). */
export const LIMITS = {
  text: 4096,
  buttons: 3,
  buttonTitle: 20,
  listRows: 10,
  listTitle: 24,
  listDescription: 72,
  choiceId: 200,
};

/**
 * Why a flow may not read or write this attribute, or null. `sys.*` are
 * read-only; anything else must be declared.
 */
export function attributeProblem(name: string, declared: Set<string>, mode: "read" | "write"): string | null {
  if (name.startsWith("sys.")) {
    // `sys.choice` holds the picked element: `{{sys.choice.total}}` reads one of its fields.
    const base = name.startsWith("sys.choice.") ? "sys.choice" : name;
    if (!(SYSTEM_ATTRIBUTES as readonly string[]).includes(base)) {
      return `Unknown system attribute "${name}": use one of ${SYSTEM_ATTRIBUTES.join(", ")}`;
    }
    return mode === "write" ? `Cannot write "${name}": system attributes are read-only` : null;
  }
  return declared.has(name) ? null : `Attribute "${name}" is not declared`;
}
