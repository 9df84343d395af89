/**
 * Dates and times as people type them in a filter: without a zone they are the workspace's wall clock
 * (PostgreSQL converts them with the same rules reports bucket days by), with one they are instants.
 */

/** `YYYY-MM-DD`: a whole calendar day in the workspace's time zone. */
export const isCalendarDate = (value: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(value);

/** A date-time without `Z` or an offset: a wall-clock time in the workspace's time zone. */
export const isWallClock = (value: string): boolean => /^\d{4}-\d{2}-\d{2}T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,6})?)?$/.test(value);

/** SQL for the workspace's zone (one parameter: the workspace id); an init plan, evaluated once per statement. */
export const WORKSPACE_ZONE_SQL = '(select w.timezone from workspace w where w.id = ?)';
