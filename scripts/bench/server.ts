/**
 * The production server the HTTP rows measure: `npm start`'s server.mjs over the existing `.next` build
 * on the bench's database, with the embedded simulator (SECTIGO_ENDPOINT empty, so a bench
 * never reaches a real Sectigo), signed in through the real login form, and its memory read
 * from /proc while it works.
 *
 * Signing in posts the login form the way a browser without JavaScript does (the form's own
 * hidden action fields, multipart, same origin): Auth.js's credentials flow, throttling and
 * session row run exactly as for a person, and the session cookie it sets is the one used.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export interface ServerOptions {
  port: number;
  simulatorPort: number;
  dataDir: string;
  databaseFile: string;
  admin: { email: string; password: string };
  /** extra flags for node itself (the profiler: --cpu-prof) */
  nodeArgs?: string[];
}

export interface RunningServer {
  baseUrl: string;
  pid: number;
  /** the signed-in admin's Cookie header */
  cookie: string;
  /** resident memory of the server and its child processes, in bytes */
  rss(): number;
  stop(): Promise<void>;
}

/** Refuses, with what to do, when there is no production build to start. */
export function assertBuilt(root: string): void {
  if (!fs.existsSync(path.join(root, ".next", "BUILD_ID"))) {
    throw new Error("there is no production build in .next: run `npm run build` first (the bench measures the production server, never `next dev`)");
  }
}

async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

/** The flags `npm start` gives node (package.json's start script), so that the bench runs the server as a deployment does. */
export function startNodeFlags(root: string): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { scripts?: { start?: string } };
  const words = (pkg.scripts?.start ?? "").split(/\s+/);
  return words[0] === "node" ? words.slice(1).filter((w) => w.startsWith("--")) : [];
}

export async function startServer(root: string, options: ServerOptions): Promise<RunningServer> {
  assertBuilt(root);
  const baseUrl = `http://127.0.0.1:${options.port}`;
  if (await answers(`${baseUrl}/api/health`)) throw new Error(`something already answers on port ${options.port}; stop it or pick another port`);
  const child = spawn(process.execPath, [...startNodeFlags(root), ...(options.nodeArgs ?? []), path.join(root, "server.mjs"), "-p", String(options.port), "-H", "127.0.0.1"], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      DATA_DIR: options.dataDir,
      DATABASE_URL: options.databaseFile,
      ADMIN_EMAIL: options.admin.email,
      ADMIN_PASSWORD: options.admin.password,
      // The bench signs in with a password; it measures pages, not the second factor.
      FACTOR_POLICY: "none",
      SIMULATOR_PORT: String(options.simulatorPort),
      SECTIGO_ENDPOINT: "",
      SECTIGO_USERNAME: "",
      SECTIGO_PASSWORD: "",
      AUTH_URL: baseUrl,
    },
  });
  // The last lines it printed, to say why it did not start.
  let output = "";
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-2000));
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const stop = () => stopChild(child);
  try {
    await waitUntilUp(child, `${baseUrl}/api/health`, () => output);
    const cookie = await signIn(baseUrl, options.admin);
    return { baseUrl, pid: child.pid!, cookie, rss: () => treeRss(child.pid!), stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

async function waitUntilUp(child: ChildProcess, healthUrl: string, output: () => string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}) before answering: ${output().trim().split("\n").slice(-3).join(" / ")}`);
    if (await answers(healthUrl)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the server did not answer ${healthUrl} within 90 s`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

const decodeEntities = (s: string) => s.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

/** Posts the login page's form as a browser without JavaScript would, and returns the session cookie. */
export async function signIn(baseUrl: string, admin: { email: string; password: string }): Promise<string> {
  const page = await fetch(`${baseUrl}/login`);
  const html = await page.text();
  const form = /<form[^>]*>([\s\S]*?)<\/form>/.exec(html)?.[1];
  if (!form) throw new Error("the login page has no form");
  const body = new FormData();
  for (const m of form.matchAll(/<input type="hidden" name="([^"]*)"(?: value="([^"]*)")?\/?>/g)) body.append(decodeEntities(m[1]!), decodeEntities(m[2] ?? ""));
  body.append("email", admin.email);
  body.append("password", admin.password);
  const res = await fetch(`${baseUrl}/login`, { method: "POST", body, redirect: "manual", headers: { Origin: baseUrl } });
  await res.arrayBuffer();
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .filter((c) => c.includes("session-token"))
    .join("; ");
  if (res.status !== 303 || !cookie) {
    throw new Error(
      `signing in as ${admin.email} failed (HTTP ${res.status}): the database has other accounts? Set ADMIN_EMAIL / ADMIN_PASSWORD to an admin of this database`,
    );
  }
  return cookie;
}

/** VmRSS of a process and its descendants, from /proc (Linux), in bytes. */
export function treeRss(pid: number): number {
  let kib = 0;
  const pending = [pid];
  while (pending.length > 0) {
    const p = pending.pop()!;
    try {
      const status = fs.readFileSync(`/proc/${p}/status`, "utf8");
      kib += Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      const children = fs.readFileSync(`/proc/${p}/task/${p}/children`, "utf8").trim();
      if (children) pending.push(...children.split(/\s+/).map(Number));
    } catch {
      // the process ended between two reads
    }
  }
  return kib * 1024;
}
