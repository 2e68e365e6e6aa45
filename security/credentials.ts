import * as v from "valibot";

/** An admin's email and password as typed: the setup page, the team page and `chatwire user add`. */
export const credentialsSchema = v.object({
  email: v.pipe(
    v.string(),
    v.trim(),
    v.email("Enter an email address like ada@example.com"),
    v.maxLength(254),
  ),
  password: v.pipe(
    v.string(),
    v.minLength(10, "Use at least 10 characters"),
    v.maxLength(200, "Use at most 200 characters"),
  ),
});
