/**
 * The environment guard (docs/sectigo-protocol.md §1.5): it keeps a staging or test configuration
 * from ever reaching the real CA, and production from talking to anything else. When the
 * client is given an environment, this runs before every request.
 */
import { EnvironmentError } from "./errors";

/** "docker" behaves as "staging", as in the Go client. */
export type SectigoEnvironment = "production" | "staging" | "testing" | "docker";

export const PRODUCTION_HOST = "iot.sectigo.com";

export function checkEnvironment(environment: string, url: URL): void {
  const scheme = url.protocol.replace(/:$/, "");
  const host = url.hostname;
  switch (environment) {
    case "production":
      if (scheme !== "https") throw new EnvironmentError(`must use https in production, not ${scheme}`);
      if (host !== PRODUCTION_HOST) throw new EnvironmentError(`cannot connect to ${host} in production`);
      return;
    case "staging":
    case "docker":
      if (host.endsWith("sectigo.com")) throw new EnvironmentError(`cannot connect to ${host} in staging`);
      return;
    case "testing":
      if (host !== "localhost" && host !== "127.0.0.1") {
        throw new EnvironmentError("sectigo hostname must be set to localhost in testing mode");
      }
      return;
    default:
      throw new EnvironmentError(`unknown environment "${environment}"`);
  }
}
