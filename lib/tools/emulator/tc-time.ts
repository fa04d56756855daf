/**
 * `2024-01-31 08:00:00`, how SCF and CAM print AddTime / ModTime. Printed in Beijing time (UTC+8), the
 * console's zone; that the API uses it too is UNCONFIRMED.
 */
export function tcTime(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}
