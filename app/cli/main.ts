/**
 * `npm run snapshelf -- repo <command> …`: the operator's CLI over the
 * snapshot repository engine, usable without the web app (inspect, verify,
 * recover). See docs/cli.md.
 */
import { processIo } from "./output";
import { runCli } from "./run";

process.exitCode = await runCli(process.argv.slice(2), processIo);
