import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";

/** The admin opens the app at its root with ?shop=…: send it into the app. */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const url = new URL(request.url);
  if (url.searchParams.get("shop")) throw redirect(`/app?${url.searchParams}`);
  return null;
};

export default function Landing() {
  return (
    <main
      style={{
        fontFamily: "system-ui, sans-serif",
        maxWidth: 640,
        margin: "4rem auto",
        lineHeight: 1.5,
      }}
    >
      <h1>Snapshelf</h1>
      <p>
        Point-in-time, encrypted backups of your Shopify store, with previewed one-click restores.
        Install Snapshelf from the Shopify App Store and open it from your store&apos;s admin.
      </p>
    </main>
  );
}
