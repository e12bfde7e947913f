// Auth.js's own endpoints (session, csrf, callback). Sign-in and sign-out go through the
// portal's server actions; these stay for Auth.js's internals.
import { handlers } from "@/lib/auth/config";

export const { GET, POST } = handlers;
