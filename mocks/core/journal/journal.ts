/**
 * The request journal: every API request a session answered, in order, in a ring of bounded size. The hot
 * path only keeps references (the body bytes up to `BODY_BYTES`, an error answer's body); the entry is built when
 * it is read, so the journal costs next to nothing on requests nobody looks at.
 */
import { parseRefusal, type TargetReleaseRefusalKind } from "../../../src/rules/index.js";
import { decodeUtf8Strict } from "../../../src/shared/json.js";
import type { FleetRole } from "../auth/auth.js";
import type { FaultKind } from "../faults/rules.js";
import type { OperationId, RequestBody } from "../protocol/operation-types.js";

/** Bytes of a request body the journal keeps; a longer body is recorded by its size only. */
export const BODY_BYTES = 64 * 1024;

/** One request, as the journal shows it (`GET /__mock/requests`, `mock.requests()`). */
export interface JournalEntry<K extends OperationId = OperationId> {
  /** Position in the session's journal, from 1; gaps mean older entries left the ring. */
  readonly seq: number;
  readonly time: string;
  readonly method: string;
  /** The path below the mock's base path, and the query without `?` ("" when none). */
  readonly path: string;
  readonly query: string;
  /** null when the request matched no operation (404, 405, a bad api-version). */
  readonly operationId: K | null;
  /** The `api-version` header, or the latest version when it had none. */
  readonly apiVersion: string;
  /** The caller's fleet role; "anonymous" without valid credentials. */
  readonly role: FleetRole | "anonymous";
  /** The JSON body, parsed, when it was JSON (typed as the spec's body of the operation). */
  readonly body: RequestBody<K> | undefined;
  /** The body as text when it was not JSON (at most the journal's share of it), else null. */
  readonly bodyText: string | null;
  readonly bodyBytes: number;
  /** The status answered; 0 when the connection failed (a network fault). */
  readonly status: number;
  readonly errorCode: string | null;
  readonly message: string | null;
  /** For a refused target-release change, its kind (as the client's `error.refusal.kind`). */
  readonly refusal: TargetReleaseRefusalKind | null;
  readonly latencyMs: number;
  /** The fault the request met, if any (its rule's id, or "chaos"). */
  readonly fault: { readonly id: string; readonly kind: FaultKind } | null;
  /** Whether a one-off override answered it. */
  readonly override: boolean;
}

/**
 * What the pipeline keeps per request: references and numbers only. The journal stores the object as it
 * is given (no copy on the hot path), so the pipeline gives it trimmed: `body` only up to `BODY_BYTES`,
 * `errorBody` only for an error answer (a success is kept by its status). What it keeps outlives the
 * young generation, which is the journal's main cost: the body string alone, not the answer around it.
 */
export interface JournalRecord {
  readonly time: number;
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly operationId: OperationId | null;
  readonly apiVersion: string;
  readonly role: FleetRole | "anonymous";
  readonly body: Uint8Array | null;
  readonly bodyBytes: number;
  readonly status: number;
  /** An error answer's body (its code and message are read from it when the journal is read). */
  readonly errorBody: string | null;
  readonly latencyMs: number;
  readonly fault: { readonly id: string; readonly kind: FaultKind } | null;
  readonly override: boolean;
}

function bodyOf(record: JournalRecord): { body: unknown; bodyText: string | null } {
  if (record.body === null || record.body.byteLength === 0) return { body: undefined, bodyText: null };
  let text: string;
  try {
    text = decodeUtf8Strict(record.body);
  } catch {
    return { body: undefined, bodyText: new TextDecoder().decode(record.body) };
  }
  try {
    return { body: JSON.parse(text) as unknown, bodyText: null };
  } catch {
    return { body: undefined, bodyText: text };
  }
}

function errorOf(body: string | null): { errorCode: string | null; message: string | null } {
  if (body === null) return { errorCode: null, message: null };
  try {
    const parsed = JSON.parse(body) as { error_code?: unknown; message?: unknown };
    return {
      errorCode: typeof parsed.error_code === "string" ? parsed.error_code : null,
      message: typeof parsed.message === "string" ? parsed.message : null,
    };
  } catch {
    return { errorCode: null, message: null };
  }
}

function entryOf(stored: JournalRecord, seq: number): JournalEntry {
  const { body, bodyText } = bodyOf(stored);
  const { errorCode, message } = errorOf(stored.errorBody);
  const refusal = message === null ? undefined : parseRefusal(stored.status, errorCode ?? undefined, message);
  return {
    seq,
    time: new Date(stored.time).toISOString(),
    method: stored.method,
    path: stored.path,
    query: stored.query,
    operationId: stored.operationId,
    apiVersion: stored.apiVersion,
    role: stored.role,
    body: body as JournalEntry["body"],
    bodyText,
    bodyBytes: stored.bodyBytes,
    status: stored.status,
    errorCode,
    message,
    refusal: refusal?.kind ?? null,
    latencyMs: stored.latencyMs,
    fault: stored.fault,
    override: stored.override,
  };
}

export class Journal {
  /** Allocated by the first record: a session that is only a draft, or never asked, costs nothing. */
  #ring: (JournalRecord | undefined)[] | undefined;
  #next = 0;
  #seq = 0;

  constructor(readonly size: number) {}

  /** Keeps `record` (trimmed by the caller, see JournalRecord); answers its sequence number, 0 when the journal is off. */
  add(record: JournalRecord): number {
    if (this.size === 0) return 0;
    this.#ring ??= new Array<JournalRecord | undefined>(this.size);
    this.#ring[this.#next] = record;
    this.#next = (this.#next + 1) % this.size;
    return ++this.#seq;
  }

  /** The entries, oldest first, of one operation when asked. */
  entries(operationId?: OperationId): JournalEntry[] {
    const entries: JournalEntry[] = [];
    if (this.#ring === undefined) return entries;
    for (let i = 0; i < this.size; i++) {
      const stored = this.#ring[(this.#next + i) % this.size];
      // The i-th slot from the oldest holds the record numbered size - 1 - i before the newest.
      if (stored !== undefined && (operationId === undefined || stored.operationId === operationId)) {
        entries.push(entryOf(stored, this.#seq - this.size + 1 + i));
      }
    }
    return entries;
  }

  clear(): void {
    this.#ring?.fill(undefined);
  }
}
