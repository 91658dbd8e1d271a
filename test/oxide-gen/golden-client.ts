/**
 * The generated `oxide.ts`-style client behind the golden cases' client interface: each call goes through
 * the generated method, every answer with a body is validated with the generated zod schema of its
 * operation (the status, or `Error` for a refusal), and the answer is handed to the cases in the shape they
 * assert on (our `ApiError`, the API's snake_case). A tally counts calls and schema checks.
 */
import { ApiError, type ApiResult } from "../../src/index.js";
import type { GoldenClient, GoldenStatus } from "../support/golden-cases.js";
import type { GeneratedResult, GeneratedSdk } from "./sdk.js";

export class CallTally {
  calls = 0;
  schemaChecks = 0;
  /** Answers a generated schema refused, or the generated client could not read. */
  readonly problems: string[] = [];
}

/** Validates `value` with the generated schema `name`, counting the check. */
export function checkSchema(sdk: GeneratedSdk, tally: CallTally, name: string, value: unknown, where: string): void {
  const schema = sdk.schemas[name];
  if (schema === undefined) {
    tally.problems.push(`${where}: the generated validate.ts has no schema ${name}`);
    return;
  }
  tally.schemaChecks += 1;
  const result = schema.safeParse(value);
  if (!result.success) tally.problems.push(`${where}: ${name} refused ${JSON.stringify(value)}: ${String(result.error)}`);
}

/** The generated client's camelCase answer in the API's own shape: snake_case keys, times as the strings sent. */
export const apiShape = (sdk: GeneratedSdk, data: unknown): unknown => JSON.parse(JSON.stringify(sdk.snakeify(data))) as unknown;

/**
 * One generated call, counted and validated (`schema`: the success body's schema; none for a 204), as
 * the cases' `ApiResult`.
 */
async function call<T>(
  sdk: GeneratedSdk,
  tally: CallTally,
  where: string,
  schema: string | undefined,
  run: () => Promise<GeneratedResult>,
) {
  tally.calls += 1;
  const result = await run();
  const { response } = result;
  if (result.type === "client_error") {
    tally.problems.push(`${where}: the generated client could not read the answer (${result.error.message}): ${result.text}`);
    return { error: new ApiError({ status: response.status, message: result.error.message, body: result.text }), response };
  }
  if (result.type === "error") {
    checkSchema(sdk, tally, "Error", result.data, where);
    const { errorCode, message, requestId } = result.data;
    const body = JSON.stringify(apiShape(sdk, result.data));
    return { error: new ApiError({ status: response.status, errorCode: errorCode ?? undefined, message, requestId, body }), response };
  }
  if (schema !== undefined) checkSchema(sdk, tally, schema, result.data, where);
  return { data: (schema === undefined ? undefined : apiShape(sdk, result.data)) as T, response };
}

/** A factory of golden clients over the generated SDK `sdk`, for the cases' `client` option. */
export function generatedGoldenClient(sdk: GeneratedSdk, tally: CallTally): (baseUrl: string, token?: string) => GoldenClient {
  return (host, token) => {
    const api = new sdk.Api({ host, ...(token !== undefined && { token }) });
    const { methods } = api;
    const getStatus = (): Promise<ApiResult<GoldenStatus>> =>
      call<GoldenStatus>(sdk, tally, "GET status", "UpdateStatus", () => methods.systemUpdateStatus({}));
    return {
      setTargetRelease: (systemVersion) =>
        call<void>(sdk, tally, "PUT target-release", undefined, () => methods.targetReleaseUpdate({ body: { systemVersion } })),
      finishRecovery: (systemVersion) => {
        const finish = methods.systemUpdateRecoveryFinish;
        if (finish === undefined) throw new Error(`the SDK generated for ${api.apiVersion} has no recovery-finish`);
        return call<void>(sdk, tally, "PUT recovery-finish", undefined, () => finish({ body: { systemVersion } }));
      },
      getStatus,
      throwing: {
        getStatus: async () => {
          const result = await getStatus();
          if (result.error) throw result.error;
          return result.data;
        },
      },
    };
  };
}
