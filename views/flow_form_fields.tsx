import type { ComponentChildren } from "preact";
import { NEW_TARGET_PREFIX, NEW_TARGETS } from "../engine/flow_edit.ts";

/** A form field: its label, the control, a help line and the error beside it. */
export function Labelled(
  props: { label: string; error?: string; help?: string; children: ComponentChildren },
) {
  return (
    <label class={props.error ? "field has-error" : "field"}>
      <span class="label">{props.label}</span>
      {props.children}
      {props.help && <span class="help">{props.help}</span>}
      {props.error && <span class="error" role="alert">{props.error}</span>}
    </label>
  );
}

/**
 * Existing node ids, "+ new …" entries that create the node on save and link
 * it (see `linkNewNodes`), plus the current value flagged when no node has it.
 */
export function TargetSelect(props: { name: string; value: string; ids: string[]; empty: string }) {
  const fresh = NEW_TARGETS.map((t) => `${NEW_TARGET_PREFIX}${t}`);
  return (
    <select name={props.name} aria-label="Go to">
      <option value="" selected={props.value === ""}>{props.empty}</option>
      {props.ids.map((id) => <option key={id} value={id} selected={props.value === id}>{id}</option>)}
      {fresh.map((value, i) => (
        <option key={value} value={value} selected={props.value === value}>+ new {NEW_TARGETS[i]}…</option>
      ))}
      {props.value !== "" && !props.ids.includes(props.value) && !fresh.includes(props.value) && (
        <option value={props.value} selected>{props.value} (missing)</option>
      )}
    </select>
  );
}

/** The declared attributes, plus the current value flagged when it is not declared. */
export function AttributeSelect(props: { name: string; value: string; names: string[]; empty?: boolean }) {
  return (
    <select name={props.name} aria-label="Attribute">
      {(props.empty || props.value === "") && (
        <option value="" selected={props.value === ""}>{props.empty ? "(don't store)" : "(choose)"}</option>
      )}
      {props.names.map((n) => <option key={n} value={n} selected={props.value === n}>{n}</option>)}
      {props.value !== "" && !props.names.includes(props.value) && (
        <option value={props.value} selected>{props.value} (not declared)</option>
      )}
    </select>
  );
}
