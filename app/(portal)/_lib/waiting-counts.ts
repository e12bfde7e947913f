// The revocation requests waiting for a second person, counted once a request: the layout's
// navigation badge and the dashboard's notices both show them. React's cache() lasts one
// server request, so a count is never older than the page that shows it.
import "server-only";
import { cache } from "react";
import { getDb } from "@/db/client";
import { waitingCounts } from "@/lib/revocation/requests";

export const waitingCountsThisRequest = cache(() => waitingCounts(getDb()));
