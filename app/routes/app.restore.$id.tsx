import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, DataTable, Layout, Page, ProgressBar, Text } from "@shopify/polaris";
import { useEffect } from "react";
import { NotFoundError, UserFacingError } from "~/errors";
import { cancelRestore, loadRestoreRun, resumeRestore, undoRestore } from "~/services/restore.server";
import { authenticate } from "~/shopify.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  try {
    return await loadRestoreRun(session.shop, String(params.id));
  } catch (error) {
    if (error instanceof NotFoundError) throw new Response("Restore not found", { status: 404 });
    throw error;
  }
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const actor = `merchant:${sessionToken?.sub ?? "unknown"}`;
  const intent = String((await request.formData()).get("intent") ?? "undo");
  try {
    if (intent === "cancel") {
      await cancelRestore(session.shop, actor, String(params.id));
      return Response.json({ error: null });
    }
    if (intent === "resume") {
      await resumeRestore(session.shop, actor, String(params.id));
      return Response.json({ error: null });
    }
    const id = await undoRestore(session.shop, actor, String(params.id));
    return redirect(`/app/restore/${id}`);
  } catch (error) {
    if (error instanceof UserFacingError) return Response.json({ error: error.message }, { status: 400 });
    throw error;
  }
};

const TONE = { restored: "success", skipped: "attention", failed: "critical" } as const;

/** A restore run: progress (and Cancel) while it runs, then the per-record report, "Resume" after a cancel or failure, and "Undo this restore". */
export default function RestoreRunPage() {
  const run = useLoaderData<typeof loader>();
  const result = useActionData<{ error: string | null }>();
  const busy = useNavigation().state === "submitting";
  const revalidator = useRevalidator();
  const active = run.status === "planned" || run.status === "running";
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => revalidator.revalidate(), 2000);
    return () => clearInterval(timer);
  }, [active, revalidator]);
  const done = run.job?.done ?? 0;
  const expected = run.job?.expected ?? run.previews.length;
  return (
    <Page title="Restore" subtitle={`From snapshot ${run.snapshotId} · ${run.status}`} backAction={{ url: `/app/snapshots/${run.snapshotId}` }}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {result?.error && <Banner tone="critical">{result.error}</Banner>}
            {run.job?.error && <Banner tone="critical">{run.job.error}</Banner>}
            {active && (
              <Card>
                <BlockStack gap="200">
                  <Text as="p">{run.job?.phase ?? "queued"}: {done} of {expected} records</Text>
                  <ProgressBar progress={expected ? Math.round((done / expected) * 100) : 0} />
                  <Form method="post">
                    <input type="hidden" name="intent" value="cancel" />
                    <Button submit loading={busy}>Cancel</Button>
                  </Form>
                </BlockStack>
              </Card>
            )}
            {(run.status === "canceled" || run.status === "failed") && (
              <Form method="post">
                <BlockStack gap="200">
                  <Text as="p" tone="subdued">Records already restored stay restored; resuming continues with the rest.</Text>
                  <input type="hidden" name="intent" value="resume" />
                  <Button submit loading={busy}>Resume</Button>
                </BlockStack>
              </Form>
            )}
            {run.report && (
              <Card>
                <BlockStack gap="200">
                  {(run.report.notes ?? []).map((n) => (
                    <Banner key={n} tone="warning">{n}</Banner>
                  ))}
                  <Text as="p">
                    {run.report.restored} restored · {run.report.skipped} skipped · {run.report.failed} failed · {run.report.seconds.toFixed(1)} s
                  </Text>
                  <DataTable
                    columnContentTypes={["text", "text", "text"]}
                    headings={["Record", "Outcome", "Details"]}
                    rows={run.report.records.map((r) => [
                      r.title,
                      <Badge key={r.gid} tone={TONE[r.outcome]}>{r.outcome}</Badge>,
                      [r.newGid ? `re-created as ${r.newGid}` : "", r.reason ?? "", (r.userErrors ?? []).map((e) => String(e.message)).join("; ")].filter(Boolean).join(" · "),
                    ])}
                  />
                </BlockStack>
              </Card>
            )}
            {run.safetySnapshotId && !active && (
              <Form method="post">
                <BlockStack gap="200">
                  <Text as="p" tone="subdued">The state before this restore is kept in snapshot {run.safetySnapshotId}.</Text>
                  <input type="hidden" name="intent" value="undo" />
                  <Button submit loading={busy}>Undo this restore</Button>
                </BlockStack>
              </Form>
            )}
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
