/** The privacy job handlers, for whichever process runs workers. */
import type { JobHandler } from "~/jobs/job-queue";
import { exportCustomerData } from "./data-request";
import type { PrivacyDeps } from "./deps";
import { redactCustomer } from "./redact-customer";
import { redactShop } from "./redact-shop";
import { CUSTOMER_DATA_REQUEST_JOB, customerRequestFromJob, REDACT_CUSTOMER_JOB, REDACT_SHOP_JOB } from "./requests";

/** Handlers by job kind; spread into the app's handler map. */
export function createPrivacyHandlers(deps: PrivacyDeps): Record<string, JobHandler> {
  return {
    [REDACT_CUSTOMER_JOB]: async (job, ctx) => {
      await ctx.progress("redacting", 0);
      await redactCustomer(deps, job.shop, customerRequestFromJob(job.payload), { signal: ctx.signal, jobId: job.id });
      await ctx.progress("done", 1, 1);
    },
    [CUSTOMER_DATA_REQUEST_JOB]: async (job, ctx) => {
      await ctx.progress("exporting", 0);
      await exportCustomerData(deps, job.shop, customerRequestFromJob(job.payload), { jobId: job.id });
      await ctx.progress("done", 1, 1);
    },
    [REDACT_SHOP_JOB]: async (job, ctx) => {
      await ctx.progress("erasing", 0);
      await redactShop(deps, job.shop, { jobId: job.id });
      await ctx.progress("done", 1, 1);
    },
  };
}
