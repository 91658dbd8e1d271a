/**
 * Type-level tests of the control table (`mocks/core/control/table.ts`), the control plane's spine: an
 * endpoint runs an operation that exists, and every operation (but the in-process ones) has an endpoint.
 * Every `@ts-expect-error` below has been checked to fire.
 */
import { describe, expectTypeOf, test } from "vitest";
import type { MockControl } from "../../mocks/control-client.js";
import type { ControlOperations } from "../../mocks/core/control/control-types.js";
import { endpoint, noInput } from "../../mocks/core/control/endpoint.js";
import { CONTROL_TABLE, type CompleteTable, type ControlName } from "../../mocks/core/control/table.js";
import type { FaultRule } from "../../mocks/core/faults/rules.js";
import type { RackState } from "../../mocks/core/simulator/state.js";

/** The operations as they would be with one more that an endpoint should run. */
interface OperationsPlusOne extends ControlOperations {
  frobnicate(session?: string): void;
}

describe("the control table", () => {
  test("covers every control operation as it is", () => {
    expectTypeOf<CompleteTable<ControlOperations, typeof CONTROL_TABLE>>().toEqualTypeOf<typeof CONTROL_TABLE>();
  });

  test("does not compile when an operation has no endpoint", () => {
    // @ts-expect-error frobnicate has no entry in the table
    const incomplete: CompleteTable<OperationsPlusOne, typeof CONTROL_TABLE> = CONTROL_TABLE;
    expectTypeOf(incomplete).not.toEqualTypeOf<typeof CONTROL_TABLE>();
  });

  test("takes the new operation once an entry runs it", () => {
    const frobnicate = {
      operation: "frobnicate" as const,
      method: "POST" as const,
      path: "/__mock/frobnicate" as const,
      access: "write" as const,
      body: "none" as const,
      status: 204 as const,
      send: () => ({}),
      parse: noInput,
      run: (ops: Pick<OperationsPlusOne, "frobnicate">, _: undefined, session: string) => ops.frobnicate(session),
    };
    const table = { ...CONTROL_TABLE, frobnicate };
    const complete: CompleteTable<OperationsPlusOne, typeof table> = table;
    expectTypeOf(complete).toEqualTypeOf(table);
  });

  test("refuses an endpoint whose operation does not exist", () => {
    endpoint({
      // @ts-expect-error there is no operation frobnicate to run
      operation: "frobnicate",
      method: "POST",
      path: "/__mock/frobnicate",
      access: "write",
      body: "none",
      status: 204,
      send: () => ({}),
      parse: noInput,
      run: () => undefined,
    });
  });

  test("gives an entry's run only its own operation", () => {
    endpoint({
      operation: "faults",
      method: "GET",
      path: "/__mock/faults",
      access: "read",
      body: "none",
      status: 200,
      send: () => ({}),
      parse: noInput,
      // @ts-expect-error the faults endpoint cannot clear the faults
      run: (ops, _, session) => ops.clearFaults(session),
    });
  });
});

describe("the client, derived from the table", () => {
  test("has one method per entry, typed by it", () => {
    expectTypeOf<keyof MockControl>().toEqualTypeOf<ControlName>();
    expectTypeOf<MockControl["getState"]>().toEqualTypeOf<() => Promise<RackState>>();
    expectTypeOf<MockControl["faults"]>().returns.resolves.toEqualTypeOf<FaultRule[]>();
    expectTypeOf<MockControl["removeFault"]>().parameters.toEqualTypeOf<[id: string]>();
    // A 204 answers nothing, whatever the operation returns in-process (removeFault: a boolean).
    expectTypeOf<MockControl["removeFault"]>().returns.resolves.toEqualTypeOf<void>();
  });

  test("refuses a call the endpoint does not take", () => {
    const control = {} as MockControl;
    // @ts-expect-error mupdate needs a version
    void control.mupdate({ sleds: "all" });
    // @ts-expect-error verdicts needs the version
    void control.verdicts();
  });
});
