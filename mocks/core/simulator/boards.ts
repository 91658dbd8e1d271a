/** Switches and power shelf controllers (docs/design.md, "Switches and power shelves"): what the planner does with them. */
import type { Board, BoardComponents } from "./state.js";

/** Board components in the planner's order (RoT bootloader → RoT → SP); null (unknown) is not on the target either. */
export const BOARD_ORDER = ["rot_bootloader", "rot", "sp"] as const satisfies readonly (keyof BoardComponents)[];

/**
 * Rule 4, after the sleds: the first switch or power shelf (by serial) with a component off the target
 * moves that one component; undefined when every board is on it.
 */
export function updateBoard(boards: readonly Board[], target: string): Board[] | undefined {
  let found = -1;
  boards.forEach((board, i) => {
    const behind = BOARD_ORDER.some((key) => board.components[key] !== target);
    if (behind && (found < 0 || board.serial < (boards[found]?.serial ?? ""))) found = i;
  });
  const board = boards[found];
  if (board === undefined) return undefined;
  const key = BOARD_ORDER.find((k) => board.components[k] !== target) ?? "sp";
  return boards.map((b, i) => (i === found ? { ...b, components: { ...b.components, [key]: target } } : b));
}
