import { Csrf, Field } from "./layout.tsx";

/** The one-time page that creates the first owner. */
export function SetupPage(
  props: { csrf: string; values: { email?: string }; errors: Record<string, string> },
) {
  return (
    <section class="card narrow">
      <h1>Welcome to Chatwire</h1>
      <p class="lead">
        Create the first owner account. You can invite the rest of your team afterwards.
      </p>
      <form method="post" action="/setup" class="stack">
        <Csrf token={props.csrf} />
        <Field label="Email" name="email" error={props.errors.email}>
          <input
            id="email"
            name="email"
            type="email"
            required
            autocomplete="username"
            value={props.values.email ?? ""}
          />
        </Field>
        <Field label="Password" name="password" error={props.errors.password} help="At least 10 characters.">
          <input
            id="password"
            name="password"
            type="password"
            required
            minLength={10}
            autocomplete="new-password"
          />
        </Field>
        <Field label="Repeat the password" name="confirm" error={props.errors.confirm}>
          <input id="confirm" name="confirm" type="password" required autocomplete="new-password" />
        </Field>
        <button type="submit" class="primary">Create owner account</button>
      </form>
    </section>
  );
}

/** The login form, with its error above the fields. */
export function LoginPage(props: { csrf: string; email: string; next: string; error?: string }) {
  return (
    <section class="card narrow">
      <h1>Log in to Chatwire</h1>
      {props.error && <p class="alert error" role="alert">{props.error}</p>}
      <form method="post" action="/login" class="stack">
        <Csrf token={props.csrf} />
        <input type="hidden" name="next" value={props.next} />
        <Field label="Email" name="email">
          <input id="email" name="email" type="email" required autocomplete="username" value={props.email} />
        </Field>
        <Field label="Password" name="password">
          <input id="password" name="password" type="password" required autocomplete="current-password" />
        </Field>
        <button type="submit" class="primary">Log in</button>
      </form>
    </section>
  );
}
