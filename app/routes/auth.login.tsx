import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { login } from "~/shopify.server";

/** Reached without a shop (e.g. the app URL opened directly): ask which store. */
export const loader = async ({ request }: LoaderFunctionArgs) => ({ errors: await login(request) });
export const action = async ({ request }: ActionFunctionArgs) => ({ errors: await login(request) });

export default function Login() {
  const loaded = useLoaderData<typeof loader>();
  const submitted = useActionData<typeof action>();
  const errors = submitted?.errors ?? loaded.errors;
  return (
    <main style={{ fontFamily: "system-ui, sans-serif", maxWidth: 480, margin: "4rem auto" }}>
      <h1>Log in to Snapshelf</h1>
      <Form method="post">
        <label>
          Shop domain <input name="shop" placeholder="example.myshopify.com" />
        </label>
        {errors.shop ? (
          <p role="alert">
            {errors.shop === "MISSING_SHOP"
              ? "Enter your shop domain."
              : "That is not a valid shop domain."}
          </p>
        ) : null}
        <button type="submit">Log in</button>
      </Form>
    </main>
  );
}
